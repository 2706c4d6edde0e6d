package org.drover.webapp.hello;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.OptionalDouble;

/** Reads a numeric query parameter, so that a bad {@code ?seconds=} answers 400 naming the parameter and the value. */
final class QueryNumber {

    private QueryNumber() {}

    /**
     * The parameter's value, {@code fallback} when it is absent; when it is not a number from 0 to {@code max}, answers
     * {@code 400 text/plain} saying so and returns empty.
     */
    static OptionalDouble read(
            HttpServletRequest request, HttpServletResponse response, String name, double fallback, double max)
            throws IOException {
        String text = request.getParameter(name);
        if (text == null || text.isBlank()) {
            return OptionalDouble.of(fallback);
        }
        try {
            double value = Double.parseDouble(text.strip());
            if (value >= 0 && value <= max) {
                return OptionalDouble.of(value);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().print(name + " must be a number from 0 to " + format(max) + ", got '" + text + "'\n");
        return OptionalDouble.empty();
    }

    /** The number as a person writes it: {@code 2} rather than {@code 2.0}, {@code 0.25} as is. */
    static String format(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
