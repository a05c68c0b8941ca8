package dev.writeback.core.testing;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DataPlaneFactory;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.time.Deadline;
import java.util.ArrayList;
import java.util.List;

/** Opens {@link InMemoryDataPlane}s over the DataSets a test adds; records the Domo clients used. */
public final class InMemoryDataPlaneFactory implements DataPlaneFactory {
    private record Added(String id, String name, List<Column> columns, List<List<Object>> rows) {
    }

    private final List<Added> datasets = new ArrayList<>();
    private final List<DomoCredentials> opened = new ArrayList<>();
    private final List<InMemoryDataPlane> planes = new ArrayList<>();

    public synchronized InMemoryDataPlaneFactory dataset(String id, String name, List<Column> columns, List<List<Object>> rows) {
        datasets.add(new Added(id, name, columns, rows));
        return this;
    }

    @Override
    public synchronized InMemoryDataPlane open(DomoCredentials credentials, Deadline deadline) {
        opened.add(credentials);
        InMemoryDataPlane plane = new InMemoryDataPlane();
        datasets.forEach(d -> plane.add(d.id(), d.name(), d.columns(), d.rows()));
        planes.add(plane);
        return plane;
    }

    public synchronized List<DomoCredentials> opened() {
        return List.copyOf(opened);
    }

    public synchronized List<InMemoryDataPlane> planes() {
        return List.copyOf(planes);
    }
}
