package shared;

/** The same class in two webapps, in two versions: alpha's. */
public final class Version {
    public static String value() {
        return "alpha-1";
    }
}
