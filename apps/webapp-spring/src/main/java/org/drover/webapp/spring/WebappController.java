package org.drover.webapp.spring;

import java.math.BigDecimal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The endpoints the tests call, relative to the context path; text answers are {@code text/plain}. */
@RestController
class WebappController {

    private static final String TEXT = MediaType.TEXT_PLAIN_VALUE + ";charset=utf-8";
    private static final double MAX_SECONDS = 86_400;

    private final String greeting;

    WebappController(@Value("${drover.greeting:spring}") String greeting) {
        this.greeting = greeting;
    }

    /** {@code GET /hello}: "Hello from Spring Boot", the smoke test that the context started. */
    @GetMapping(path = "/hello", produces = TEXT)
    String hello() {
        return "Hello from Spring Boot\n";
    }

    /** {@code GET /json}: a small object through Boot's Jackson, {@code {"app":..,"greeting":..}}. */
    @GetMapping(path = "/json", produces = MediaType.APPLICATION_JSON_VALUE)
    Greeting json() {
        return new Greeting("drover-webapp-spring", greeting);
    }

    /**
     * {@code GET /sleep?seconds=N}: sleeps N seconds (default 1, fractional allowed, at most a day), then {@code slept
     * N}; the harakiri tests look for {@link #sleepInSpring} on the stuck thread's stack.
     */
    @GetMapping(path = "/sleep", produces = TEXT)
    String sleep(@RequestParam(name = "seconds", defaultValue = "1") double seconds) throws InterruptedException {
        if (!(seconds >= 0 && seconds <= MAX_SECONDS)) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "seconds must be a number from 0 to 86400, got " + seconds);
        }
        sleepInSpring(seconds);
        return "slept " + BigDecimal.valueOf(seconds).stripTrailingZeros().toPlainString() + "\n";
    }

    /** {@code GET /boom}: throws, so tests see Spring's error handling answer 500 and the worker stay up. */
    @GetMapping("/boom")
    String boom() {
        throw new IllegalStateException("boom from spring");
    }

    /** {@code GET /env}: the property {@code drover.greeting} ({@code application.properties}, default "spring"). */
    @GetMapping(path = "/env", produces = TEXT)
    String env() {
        return greeting + "\n";
    }

    /**
     * {@code POST /items}: {@code 201 Created} with a {@code Location} that Spring builds from the
     * request ({@code ServletUriComponentsBuilder}), as a controller creating a resource does; it
     * must point back to the address the client used.
     */
    @PostMapping("/items")
    ResponseEntity<Void> create() {
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest()
                        .path("/{id}")
                        .buildAndExpand(7)
                        .toUri())
                .build();
    }

    /** The frame the harakiri tests look for: the name says where the thread is stuck. */
    static void sleepInSpring(double seconds) throws InterruptedException {
        Thread.sleep(Math.round(seconds * 1000));
    }
}
