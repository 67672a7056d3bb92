package io.hapair.node.dataplane;

import io.hapair.node.dataplane.model.Rejection;
import java.util.List;
import java.util.stream.Collectors;

/** The data plane refused a configuration; the last good one keeps running. */
public final class DataPlaneRejected extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Rejection> rejections;

    public DataPlaneRejected(List<Rejection> rejections) {
        super(rejections.stream().map(Rejection::toString).collect(Collectors.joining("; ")));
        this.rejections = List.copyOf(rejections);
    }

    /** Each reason, on the document field it concerns where one is known. */
    public List<Rejection> rejections() {
        return rejections;
    }
}
