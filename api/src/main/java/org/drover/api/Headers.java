package org.drover.api;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request's header fields as the client sent them: names in their own case, in the order
 * received, a repeated name once per field. Lookups by name ignore case.
 *
 * <p>This is what the CGI {@code HTTP_*} variables cannot say: {@code HTTP_ACCEPT} is upper
 * case and joins repeated fields with {@code ", "}, and names with an underscore are not vars
 * at all. When a request carries only vars (it came through nginx's {@code uwsgi_pass}),
 * {@link #fromVars} derives the fields from them, and then a repeated header is one field with
 * the joined value.
 *
 * <p>Names and values are the bytes received, one ISO-8859-1 char per byte, as the vars are.
 * Immutable; lookups scan the fields, which suits the dozen or so a request has.
 */
public final class Headers {

    private static final Headers EMPTY = new Headers(List.of());

    /** name, value, name, value, ... */
    private final List<String> fields;

    private Headers(List<String> fields) {
        this.fields = fields;
    }

    /** No header fields. */
    public static Headers empty() {
        return EMPTY;
    }

    /**
     * The fields given as name-value pairs, in order: {@code of("Accept", "a", "Accept", "b")}.
     *
     * @throws IllegalArgumentException if the strings are not pairs or a name is empty
     */
    public static Headers of(String... namesAndValues) {
        return of(List.of(namesAndValues));
    }

    /**
     * The fields given as a flat list, name, value, name, value, ..., in order.
     *
     * @throws IllegalArgumentException if the strings are not pairs or a name is empty
     */
    public static Headers of(List<String> namesAndValues) {
        if (namesAndValues.size() % 2 != 0) {
            throw new IllegalArgumentException(
                    "headers come as name-value pairs, got " + namesAndValues.size() + " strings");
        }
        for (int i = 0; i < namesAndValues.size(); i += 2) {
            if (namesAndValues.get(i).isEmpty()) {
                throw new IllegalArgumentException(
                        "header names must not be empty, got one before value '" + namesAndValues.get(i + 1) + "'");
            }
        }
        return namesAndValues.isEmpty() ? EMPTY : new Headers(List.copyOf(namesAndValues));
    }

    /**
     * The fields that CGI variables stand for, in the variables' order: {@code HTTP_X_FORWARDED_FOR}
     * gives {@code X-Forwarded-For} (each word title-cased, {@code _} as {@code -}), and
     * {@code CONTENT_TYPE} and {@code CONTENT_LENGTH} give {@code Content-Type} and
     * {@code Content-Length} unless they are empty (nginx sends them empty when the request has
     * none). Pass an ordered map to keep the order.
     */
    public static Headers fromVars(Map<String, String> vars) {
        List<String> fields = new ArrayList<>();
        vars.forEach((name, value) -> {
            if (name.startsWith("HTTP_") && name.length() > 5) {
                fields.add(titleCase(name.substring(5)));
                fields.add(value);
            } else if ((name.equals("CONTENT_TYPE") || name.equals("CONTENT_LENGTH")) && !value.isEmpty()) {
                fields.add(titleCase(name));
                fields.add(value);
            }
        });
        return fields.isEmpty() ? EMPTY : new Headers(List.copyOf(fields));
    }

    private static String titleCase(String cgiName) {
        StringBuilder name = new StringBuilder(cgiName.length());
        boolean wordStart = true;
        for (int i = 0; i < cgiName.length(); i++) {
            char c = cgiName.charAt(i);
            if (c == '_') {
                name.append('-');
                wordStart = true;
            } else {
                name.append(wordStart ? Character.toUpperCase(c) : Character.toLowerCase(c));
                wordStart = false;
            }
        }
        return name.toString();
    }

    /** The number of fields, each repeat counted. */
    public int size() {
        return fields.size() / 2;
    }

    /** The name of the field at this index (0 to {@link #size()} - 1), as received. */
    public String name(int index) {
        return fields.get(2 * index);
    }

    /** The value of the field at this index (0 to {@link #size()} - 1). */
    public String value(int index) {
        return fields.get(2 * index + 1);
    }

    /** The value of the first field of this name, ignoring case. */
    public Optional<String> first(String name) {
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                return Optional.of(fields.get(i + 1));
            }
        }
        return Optional.empty();
    }

    /** The values of every field of this name, ignoring case, in order; empty if there is none. */
    public List<String> values(String name) {
        List<String> values = null;
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                if (values == null) {
                    values = new ArrayList<>(2);
                }
                values.add(fields.get(i + 1));
            }
        }
        return values == null ? List.of() : Collections.unmodifiableList(values);
    }

    /** Whether a field of this name is present, ignoring case. */
    public boolean contains(String name) {
        return first(name).isPresent();
    }

    /**
     * The fields by name, unmodifiable: each name once, spelt as its first field was and in the
     * order names first appear, with all its values in order. {@code get} and
     * {@code containsKey} ignore case; iteration gives the names as received.
     */
    public Map<String, List<String>> asMap() {
        Map<String, String> spelling = new LinkedHashMap<>();
        Map<String, List<String>> byLowerName = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i += 2) {
            String lower = fields.get(i).toLowerCase(Locale.ROOT);
            spelling.putIfAbsent(lower, fields.get(i));
            byLowerName.computeIfAbsent(lower, k -> new ArrayList<>(1)).add(fields.get(i + 1));
        }
        Set<Map.Entry<String, List<String>>> entries = new LinkedHashSet<>();
        byLowerName.forEach((lower, values) -> entries.add(Map.entry(spelling.get(lower), List.copyOf(values))));
        return new FieldMap(Collections.unmodifiableSet(entries));
    }

    /** Fields compare by their names (case included) and values, in order. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Headers headers && headers.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    /** {@code Name: value} per field, one per line. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < fields.size(); i += 2) {
            text.append(fields.get(i)).append(": ").append(fields.get(i + 1)).append('\n');
        }
        return text.toString();
    }

    /** The view {@link #asMap()} returns: ordered entries, lookups that ignore case. */
    private static final class FieldMap extends AbstractMap<String, List<String>> {

        private final Set<Map.Entry<String, List<String>>> entries;

        FieldMap(Set<Map.Entry<String, List<String>>> entries) {
            this.entries = entries;
        }

        @Override
        public Set<Map.Entry<String, List<String>>> entrySet() {
            return entries;
        }

        @Override
        public List<String> get(Object key) {
            if (key instanceof String name) {
                for (Map.Entry<String, List<String>> entry : entries) {
                    if (entry.getKey().equalsIgnoreCase(name)) {
                        return entry.getValue();
                    }
                }
            }
            return null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }
    }
}
