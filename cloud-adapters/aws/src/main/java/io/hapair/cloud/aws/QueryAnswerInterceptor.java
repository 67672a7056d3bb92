package io.hapair.cloud.aws;

import io.hapair.cloud.adapter.UnexpectedAnswers;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks that an answer is the Query API's XML before the SDK's unmarshaller sees it: a proxy's HTML
 * page would otherwise read as an empty result (an empty list where the balancer was expected), and
 * XML cut short as a parser error. Answers are small, so the body is read whole and handed on.
 */
final class QueryAnswerInterceptor implements ExecutionInterceptor {

    private static final String API = "AWS";

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes attributes) {
        if (context.responseBody().isEmpty()) {
            return context.responseBody();
        }
        byte[] body;
        try (InputStream in = context.responseBody().get()) {
            body = in.readAllBytes();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        if (body.length == 0) {
            return Optional.of(new ByteArrayInputStream(body));
        }
        String endpoint = context.httpRequest().getUri().toString();
        int status = context.httpResponse().statusCode();
        String contentType = context.httpResponse().firstMatchingHeader("Content-Type").orElse(null);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).contains("xml")) {
            throw UnexpectedAnswers.notTheApiFormat(API, endpoint, status, "XML", contentType, body);
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder parser = factory.newDocumentBuilder();
            // The parser's own handler would print "[Fatal Error] ..." to standard error as well.
            parser.setErrorHandler(new DefaultHandler());
            parser.parse(new ByteArrayInputStream(body));
        } catch (SAXException broken) {
            throw UnexpectedAnswers.malformed(API, endpoint, "XML", body, broken.getMessage());
        } catch (ParserConfigurationException | IOException unexpected) {
            throw new IllegalStateException("the JDK's XML parser cannot be set up", unexpected);
        }
        return Optional.of(new ByteArrayInputStream(body));
    }
}
