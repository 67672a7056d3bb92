package io.hapair.node.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * However TCP cuts the stream into reads, the peer link's frame reader hands on the frames the partner sent, whole,
 * in order and byte for byte; a length outside the limit refuses the connection once and nothing after it comes out.
 */
class FrameReaderProperties {

    private static final int LIMIT = 4_096;

    @Property(tries = 300)
    void framesCutIntoAnyReadsComeOutWholeAndInOrder(@ForAll("frames") List<byte[]> frames,
                                                     @ForAll @Size(max = 40) List<@IntRange(min = 1, max = 700) Integer> cuts) {
        List<byte[]> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        FrameReader reader = new FrameReader(LIMIT, f -> out.add(f.getBytes()), errors::add);

        feed(reader, stream(frames), cuts);

        assertThat(errors).isEmpty();
        assertThat(out).hasSize(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            assertThat(out.get(i)).as("frame %d", i).isEqualTo(frames.get(i));
        }
    }

    @Property(tries = 300)
    void aLengthOutsideTheLimitIsRefusedOnceAndNothingAfterItComesOut(
            @ForAll("frames") List<byte[]> before, @ForAll("badLengths") int badLength,
            @ForAll("frames") List<byte[]> after, @ForAll @Size(max = 40) List<@IntRange(min = 1, max = 700) Integer> cuts) {
        List<byte[]> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        FrameReader reader = new FrameReader(LIMIT, f -> out.add(f.getBytes()), errors::add);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(stream(before));
        stream.writeBytes(ByteBuffer.allocate(4).putInt(badLength).array());
        stream.writeBytes(stream(after));

        feed(reader, stream.toByteArray(), cuts);

        assertThat(errors).containsExactly("frame length " + badLength + " outside 1.." + LIMIT);
        assertThat(out).hasSize(before.size());
        assertThat(reader.stop()).as("already stopped").isFalse();
    }

    @Property(tries = 50)
    void aRaisedLimitLetsLargerFramesThrough(@ForAll @IntRange(min = LIMIT + 1, max = 4 * LIMIT) int size) {
        List<byte[]> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        FrameReader reader = new FrameReader(LIMIT, f -> out.add(f.getBytes()), errors::add);
        reader.maxFrame(4 * LIMIT);
        byte[] large = new byte[size];
        large[size - 1] = 7;

        reader.handle(FrameReader.frame(large));

        assertThat(errors).isEmpty();
        assertThat(out).singleElement().isEqualTo(large);
    }

    @Provide
    Arbitrary<List<byte[]>> frames() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(LIMIT).list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<Integer> badLengths() {
        return Arbitraries.oneOf(Arbitraries.integers().between(Integer.MIN_VALUE, 0),
                Arbitraries.integers().between(LIMIT + 1, Integer.MAX_VALUE));
    }

    private static byte[] stream(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(f -> out.writeBytes(FrameReader.frame(f).getBytes()));
        return out.toByteArray();
    }

    /** Feeds {@code bytes} in reads of the given sizes, then the rest in one read. */
    private static void feed(FrameReader reader, byte[] bytes, List<Integer> cuts) {
        int at = 0;
        for (int size : cuts) {
            int n = Math.min(size, bytes.length - at);
            reader.handle(Buffer.buffer().appendBytes(bytes, at, n));
            at += n;
        }
        if (at < bytes.length) {
            reader.handle(Buffer.buffer().appendBytes(bytes, at, bytes.length - at));
        }
    }
}
