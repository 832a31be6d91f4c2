"""Session plans and programmes: the TOML model and its loading, one library of built-in
and user files, a programme's progress from the history, and the set-up of a session from
what the runner asks for (targets, defaults, which segments measure the baseline)."""
