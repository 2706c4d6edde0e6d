package org.drover.api;

import java.util.Map;
import java.util.Optional;

/**
 * The values set for applications with {@code --set name=value} (or {@code set = name=value} in
 * the ini file), injectable into an application's constructor.
 *
 * <p>Each value is also bound as {@code @Named("name")}, but only {@code Config} can give a
 * default: {@code config.getInt("hello.sleep", 0)}. A value that does not parse as the asked
 * type fails with the name and the value.
 */
public final class Config {

    private final Map<String, String> values;

    /** Creates a config of these values, copied. */
    public Config(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** All values, unmodifiable. */
    public Map<String, String> values() {
        return values;
    }

    /** The value of this name, if set. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The value of this name, or the default. */
    public String get(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    /** The value as an int, or the default when unset. */
    public int getInt(String name, int defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw bad(name, value, "an integer");
        }
    }

    /** The value as a long, or the default when unset. */
    public long getLong(String name, long defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw bad(name, value, "an integer");
        }
    }

    /** The value as a double, or the default when unset. */
    public double getDouble(String name, double defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw bad(name, value, "a number");
        }
    }

    /** The value as a boolean ({@code true/false}, {@code yes/no}, {@code on/off}, {@code 1/0}), or the default. */
    public boolean getBoolean(String name, boolean defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw bad(name, value, "a boolean (true/false)");
        };
    }

    private static IllegalArgumentException bad(String name, String value, String expected) {
        return new IllegalArgumentException(name + " must be " + expected + ", got '" + value + "'");
    }
}
