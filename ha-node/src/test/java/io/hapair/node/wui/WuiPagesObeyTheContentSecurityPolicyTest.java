package io.hapair.node.wui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pages run under "default-src 'self'" (no 'unsafe-inline'), where a browser ignores inline scripts,
 * inline styles and event-handler attributes: the pages must have none, and scripts must not add them.
 */
class WuiPagesObeyTheContentSecurityPolicyTest {

    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern INLINE_STYLE = Pattern.compile("<style\\b|\\sstyle\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern HANDLER_ATTRIBUTE = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern FOREIGN_SOURCE = Pattern.compile("(src|href)\\s*=\\s*\"(https?:)?//", Pattern.CASE_INSENSITIVE);
    private static final Pattern SCRIPT_INJECTION = Pattern.compile(
            "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|eval\\(|new Function|setAttribute\\(\\s*'(style|on)");

    private static List<Path> files(String suffix) throws IOException, URISyntaxException {
        Path dir = Path.of(WuiPagesObeyTheContentSecurityPolicyTest.class.getResource("/wui/login.html").toURI()).getParent();
        try (Stream<Path> all = Files.list(dir)) {
            return all.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void pagesHaveNoInlineScriptStyleOrHandlerAndLoadNothingFromElsewhere() throws Exception {
        List<Path> pages = files(".html");
        assertThat(pages).isNotEmpty();
        for (Path page : pages) {
            String html = Files.readString(page);
            assertThat(INLINE_SCRIPT.matcher(html).find()).as(page + ": inline <script>").isFalse();
            assertThat(INLINE_STYLE.matcher(html).find()).as(page + ": inline style").isFalse();
            assertThat(HANDLER_ATTRIBUTE.matcher(html).find()).as(page + ": on...= handler").isFalse();
            assertThat(FOREIGN_SOURCE.matcher(html).find()).as(page + ": script or style from elsewhere").isFalse();
        }
    }

    @Test
    void scriptsBuildPagesWithoutMarkupStringsOrEval() throws Exception {
        for (Path script : files(".js")) {
            assertThat(SCRIPT_INJECTION.matcher(Files.readString(script)).find()).as(script.toString()).isFalse();
        }
    }
}
