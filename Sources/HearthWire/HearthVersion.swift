/// This build's software version, shown by `hearth --version`, `hearth status` and `Hello.agent`.
public enum HearthVersion {
    public static let current = "0.2.0"
}
