package io.hapair.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The README's configuration reference lists every key with its real default. */
class ReadmeConfigurationTableTest {

    private static final Path README = Path.of("..", "README.md");

    @ParameterizedTest
    @EnumSource(ConfigKey.class)
    void everyKeyIsDocumentedWithItsDefault(ConfigKey key) throws Exception {
        String readme = Files.readString(README);

        assertThat(readme).contains("`" + key.key() + "`");
        key.defaultValue().ifPresent(d -> assertThat(readme)
                .as("README row of %s names its default", key.key())
                .containsPattern("\\| `" + key.key() + "`[^\\n]*\\| `" + java.util.regex.Pattern.quote(d) + "` \\|"));
    }
}
