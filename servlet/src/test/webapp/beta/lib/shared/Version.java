package shared;

/** The same class in two webapps, in two versions: beta's. */
public final class Version {
    public static String value() {
        return "beta-2";
    }
}
