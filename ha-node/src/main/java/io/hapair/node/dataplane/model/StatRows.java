package io.hapair.node.dataplane.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of HAProxy's {@code show stat} (column name to value) as per-service and per-real-server
 * statistics. Rows of proxies or servers the rendering did not make (HAProxy's own) are left out.
 */
public final class StatRows {

    /** The columns of {@code show stat} these statistics are made of. */
    public static final Set<String> COLUMNS = Set.of("pxname", "svname", "status", "check_status", "check_code",
            "check_desc", "last_chk", "weight", "scur", "stot", "bin", "bout", "chkfail");

    private StatRows() {
    }

    public static List<ServiceStats> services(List<Map<String, String>> rows, Rendering running) {
        Map<String, ServerSetting> byName = new HashMap<>();
        running.servers().values().forEach(s -> byName.put(s.backend() + "/" + s.server(), s));
        Map<String, Map<String, String>> frontends = new LinkedHashMap<>();
        Map<String, Map<String, String>> backends = new HashMap<>();
        Map<String, List<RealServerStats>> servers = new HashMap<>();
        for (Map<String, String> row : rows) {
            String proxy = row.getOrDefault("pxname", "");
            String server = row.getOrDefault("svname", "");
            switch (server) {
                case "FRONTEND" -> frontends.put(proxy, row);
                case "BACKEND" -> backends.put(proxy, row);
                default -> {
                    ServerSetting setting = byName.get(proxy + "/" + server);
                    if (setting != null) {
                        servers.computeIfAbsent(proxy, p -> new ArrayList<>()).add(realServer(setting.ref(), row));
                    }
                }
            }
        }
        List<ServiceStats> services = new ArrayList<>();
        frontends.forEach((proxy, frontend) -> {
            Map<String, String> backend = backends.get(proxy);
            if (backend != null && running.services().contains(proxy)) {
                services.add(new ServiceStats(proxy, "UP".equals(backend.get("status")), number(frontend, "scur"),
                        number(frontend, "stot"), number(frontend, "bin"), number(frontend, "bout"),
                        servers.getOrDefault(proxy, List.of())));
            }
        });
        return services;
    }

    private static RealServerStats realServer(RealServerRef ref, Map<String, String> row) {
        String status = row.getOrDefault("status", "");
        // "L7STS 503: Layer7 wrong status (Service Unavailable)": HAProxy's code, its meaning, what the server said.
        String check = (row.getOrDefault("check_status", "") + " " + row.getOrDefault("check_code", "")).strip();
        String description = row.getOrDefault("check_desc", "");
        String said = row.getOrDefault("last_chk", "");
        String lastCheck = check.isEmpty() ? "" : check + (description.isEmpty() ? "" : ": " + description)
                + (said.isEmpty() ? "" : " (" + said + ")");
        return new RealServerStats(ref, ServerStatus.of(status), status, (int) number(row, "weight"),
                number(row, "scur"), number(row, "stot"), number(row, "bin"), number(row, "bout"),
                number(row, "chkfail"), lastCheck);
    }

    private static long number(Map<String, String> row, String column) {
        String value = row.get(column);
        return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    }
}
