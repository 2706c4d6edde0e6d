# The uWSGI baseline of bench/run: the hello app as a plain WSGI callable.
BODY = b"Hello world!\n"
HEADERS = [("Content-Type", "text/plain"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
