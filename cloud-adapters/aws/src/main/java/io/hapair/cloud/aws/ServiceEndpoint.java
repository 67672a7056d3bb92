package io.hapair.cloud.aws;

import io.hapair.cloud.adapter.Deadline;

/** Where a service is reached, for error messages, and the deadline its calls share with the whole command. */
record ServiceEndpoint(String url, Deadline deadline) {
}
