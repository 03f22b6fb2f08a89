import KubernetesCore

// The apiextensions one-of types the OpenAPI document describes only as `{}`: written by hand so that CRD
// schemas can be built and read with types, and so that every form the API server accepts round-trips.

extension ApiextensionsV1 {
    /// `items` of a schema: one schema for every element, or (rarely) one schema per position.
    public indirect enum JSONSchemaPropsOrArray: Codable, Sendable, Hashable {
        case schema(JSONSchemaProps)
        case schemas([JSONSchemaProps])

        public init(from decoder: any Decoder) throws {
            if var array = try? decoder.unkeyedContainer() {
                var schemas: [JSONSchemaProps] = []
                while !array.isAtEnd { schemas.append(try array.decode(JSONSchemaProps.self)) }
                self = .schemas(schemas)
            } else {
                self = .schema(try JSONSchemaProps(from: decoder))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .schema(let schema): try schema.encode(to: encoder)
            case .schemas(let schemas): try schemas.encode(to: encoder)
            }
        }
    }

    /// `additionalProperties` / `additionalItems`: allowed (`true`), forbidden (`false`) or a schema.
    public indirect enum JSONSchemaPropsOrBool: Codable, Sendable, Hashable {
        case allowed(Bool)
        case schema(JSONSchemaProps)

        public init(from decoder: any Decoder) throws {
            if let flag = try? decoder.singleValueContainer().decode(Bool.self) {
                self = .allowed(flag)
            } else {
                self = .schema(try JSONSchemaProps(from: decoder))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .allowed(let flag):
                var container = encoder.singleValueContainer()
                try container.encode(flag)
            case .schema(let schema):
                try schema.encode(to: encoder)
            }
        }
    }

    /// A `dependencies` entry: a schema, or the names of properties that must be present too.
    public indirect enum JSONSchemaPropsOrStringArray: Codable, Sendable, Hashable {
        case schema(JSONSchemaProps)
        case properties([String])

        public init(from decoder: any Decoder) throws {
            if let names = try? decoder.singleValueContainer().decode([String].self) {
                self = .properties(names)
            } else {
                self = .schema(try JSONSchemaProps(from: decoder))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .schema(let schema): try schema.encode(to: encoder)
            case .properties(let names): try names.encode(to: encoder)
            }
        }
    }
}
