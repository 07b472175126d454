package dev.fdc.cli.output;

/** The small part of JSON the run's files need: strings, numbers (non-finite as null), booleans. */
final class Json {

    private Json() {}

    /** Appends a number, boolean, string or null; non-finite numbers become null. */
    static void appendValue(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            b.append(Double.isFinite(d) ? Double.toString(d) : "null");
        } else if (v instanceof Number n) {
            b.append(n.longValue());
        } else if (v instanceof Boolean z) {
            b.append(z.booleanValue());
        } else {
            appendString(b, v.toString());
        }
    }

    /** Appends {@code s} as a JSON string literal. */
    static void appendString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
