/// The version this binary reports; bumped by hand at release time.
enum CapstanVersion {
    static let current = "0.1.0-dev"
}
