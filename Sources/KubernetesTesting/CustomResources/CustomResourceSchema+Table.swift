import KubernetesCore

extension CustomResourceSchema {
    /// The `meta.k8s.io/v1 Table` the server returns for `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`:
    /// a Name column, then the version's `additionalPrinterColumns` (or an `Age` column when it has none), and
    /// one row per object with its cells and a `PartialObjectMetadata` of the object.
    ///
    /// - Parameters:
    ///   - objects: the objects listed (or the single object got).
    ///   - listMetadata: the list's `metadata` (`resourceVersion`, `continue`).
    ///   - now: the clock for `date` columns (rendered as ages like `5m`).
    public func table(for objects: [JSONValue], listMetadata: JSONValue = .object([:]), now: Time) -> JSONValue {
        let columns = printerColumns
        var definitions: [JSONValue] = [[
            "name": "Name", "type": "string", "format": "name", "priority": 0,
            "description": .string(Self.nameColumnDescription),
        ]]
        for column in columns {
            definitions.append([
                "name": .string(column.name), "type": .string(column.type), "format": .string(column.format),
                "priority": .integer(Int64(column.priority)), "description": .string(column.description),
            ])
        }
        let rows: [JSONValue] = objects.map { object in
            var cells: [JSONValue] = [object[path: ["metadata", "name"]] ?? .null]
            for column in columns {
                cells.append(Self.cell(for: column, in: object, now: now))
            }
            return [
                "cells": .array(cells),
                "object": [
                    "apiVersion": "meta.k8s.io/v1", "kind": "PartialObjectMetadata",
                    "metadata": object["metadata"] ?? .object([:]),
                ],
            ]
        }
        return [
            "apiVersion": "meta.k8s.io/v1", "kind": "Table", "metadata": listMetadata,
            "columnDefinitions": .array(definitions), "rows": .array(rows),
        ]
    }

    struct PrinterColumn {
        var name: String
        var type: String
        var format: String
        var priority: Int32
        var description: String
        var path: PrinterColumnPath?
    }

    /// The version's printer columns; the server adds `Age` when none are declared.
    var printerColumns: [PrinterColumn] {
        let declared = definitionVersion.additionalPrinterColumns ?? []
        if declared.isEmpty {
            return [PrinterColumn(
                name: "Age", type: "date", format: "", priority: 0,
                description: "Custom resource definition column (in JSONPath format): .metadata.creationTimestamp",
                path: PrinterColumnPath(".metadata.creationTimestamp"))]
        }
        return declared.map { column in
            PrinterColumn(
                name: column.name, type: column.type, format: column.format ?? "", priority: column.priority ?? 0,
                description: column.description.flatMap { $0.isEmpty ? nil : $0 }
                    ?? "Custom resource definition column (in JSONPath format): \(column.jsonPath)",
                path: PrinterColumnPath(column.jsonPath))
        }
    }

    static let nameColumnDescription = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"

    /// One cell, typed like the server's `cellForJSONValue`: the first result, converted to the column type;
    /// string columns print any value (objects as JSON); dates become ages.
    static func cell(for column: PrinterColumn, in object: JSONValue, now: Time) -> JSONValue {
        guard let value = column.path?.results(in: object).first, value != .null else { return .null }
        switch column.type {
        case "string":
            if case .string = value { return value }
            return .string(GoStyleJSON.encode(value, escapeHTML: false))
        case "integer":
            switch value {
            case .integer: return value
            case .double(let number) where number.isFinite && abs(number) < 9.2e18: return .integer(Int64(number))
            default: return .null
            }
        case "number":
            switch value {
            case .integer(let number): return .double(Double(number))
            case .double: return value
            default: return .null
            }
        case "boolean":
            if case .bool = value { return value }
            return .null
        case "date":
            guard case .string(let text) = value else { return .null }
            guard let time = Time(rfc3339: text) else { return "<invalid>" }
            return .string(humanDuration(seconds: now.secondsSinceEpoch - time.secondsSinceEpoch))
        default:
            return .null
        }
    }

    /// apimachinery's `duration.HumanDuration`: `45s`, `5m10s`, `3h4m`, `2d5h`, `3y12d`.
    static func humanDuration(seconds: Int64) -> String {
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 {
            let rest = seconds % 60
            return rest == 0 ? "\(minutes)m" : "\(minutes)m\(rest)s"
        }
        if minutes < 180 { return "\(minutes)m" }
        let hours = seconds / 3600
        if hours < 8 {
            let rest = minutes % 60
            return rest == 0 ? "\(hours)h" : "\(hours)h\(rest)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let rest = hours % 24
            return rest == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(rest)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let days = (hours / 24) % 365
            return days == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(days)d"
        }
        return "\(hours / 24 / 365)y"
    }
}
