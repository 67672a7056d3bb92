package io.hapair.node.role;

import java.util.List;

/**
 * The state machine's answer to one event.
 *
 * @param activity what the health-check port must answer from now on
 * @param changed  true when this event changed the activity
 * @param actions  what the shell must do besides serving the activity
 * @param notes    event-log entries this event produced, for the shell to log
 */
public record Decision(Activity activity, boolean changed, List<Action> actions, List<EventLog.Entry> notes) {
}
