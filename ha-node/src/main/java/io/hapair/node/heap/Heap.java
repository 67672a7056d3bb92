package io.hapair.node.heap;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/** The JVM's heap, as far as {@link HeapHeadroom} steers it. */
public interface Heap {

    /**
     * The share of the heap that is kept free after a full collection: the heap grows when less than {@code min}
     * percent is free, and shrinks when more than {@code max} percent is.
     */
    record FreeRatios(int min, int max) {

        public FreeRatios {
            if (min < 0 || max > 100 || min > max) {
                throw new IllegalArgumentException("free ratios " + min + " and " + max + ": need 0 <= min <= max <= 100");
            }
        }

        /** These ratios, each raised to {@code floor}'s where that is higher. */
        FreeRatios atLeast(FreeRatios floor) {
            return new FreeRatios(Math.max(min, floor.min), Math.max(max, floor.max));
        }
    }

    FreeRatios ratios();

    void ratios(FreeRatios ratios);

    long committedBytes();

    /** A full collection. */
    void collect();

    /** This JVM's heap: the free ratios are manageable flags of HotSpot. */
    static Heap ofThisJvm() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (vm == null) {
            throw new IllegalStateException("this JVM has no HotSpot diagnostic bean");
        }
        return new Heap() {
            @Override
            public FreeRatios ratios() {
                return new FreeRatios(Integer.parseInt(vm.getVMOption("MinHeapFreeRatio").getValue()),
                        Integer.parseInt(vm.getVMOption("MaxHeapFreeRatio").getValue()));
            }

            @Override
            public void ratios(FreeRatios to) {
                // The JVM refuses a minimum above the maximum at every step: raise the maximum first, lower the minimum first.
                if (to.max() >= ratios().max()) {
                    vm.setVMOption("MaxHeapFreeRatio", Integer.toString(to.max()));
                    vm.setVMOption("MinHeapFreeRatio", Integer.toString(to.min()));
                } else {
                    vm.setVMOption("MinHeapFreeRatio", Integer.toString(to.min()));
                    vm.setVMOption("MaxHeapFreeRatio", Integer.toString(to.max()));
                }
            }

            @Override
            public long committedBytes() {
                return Runtime.getRuntime().totalMemory();
            }

            @Override
            public void collect() {
                System.gc();
            }
        };
    }
}
