<%-- a JSP: Drover has no JSP support, and must not serve this source --%>
<p><%= "secret" + "-" + "source" %></p>
