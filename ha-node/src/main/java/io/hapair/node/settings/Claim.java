package io.hapair.node.settings;

import java.util.function.Function;

/**
 * Something a document holds that no other document of its type may hold too (a virtual service's
 * address, port and transport; a client network), and what to tell the operator when one does.
 *
 * @param key   compared for equality with the other documents' claims of the same type
 * @param field where a clash is reported
 * @param clash the message of a clash, given the id of the other document that holds the key
 */
record Claim(String key, String field, Function<String, String> clash) {
}
