//! Dotted keys in TOML trees: merging, setting, testing and listing them.

/// Merges `over` into `base`, table by table; values in `over` win.
pub fn deep_merge(base: &mut toml::Table, over: &toml::Table) {
    for (k, v) in over {
        match (base.get_mut(k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => deep_merge(b, o),
            _ => {
                base.insert(k.clone(), v.clone());
            }
        }
    }
}

/// Sets a dotted key, creating tables on the way.
pub fn set_path(table: &mut toml::Table, dotted: &str, value: toml::Value) {
    let mut parts = dotted.split('.').peekable();
    let mut t = table;
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            t.insert(part.to_string(), value);
            return;
        }
        let entry = t
            .entry(part.to_string())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if !entry.is_table() {
            *entry = toml::Value::Table(toml::Table::new());
        }
        t = entry.as_table_mut().expect("just made a table");
    }
}

/// True if a dotted key is set in a table.
pub fn has_path(table: &toml::Table, dotted: &str) -> bool {
    if dotted.is_empty() {
        return false;
    }
    let mut t = table;
    let mut parts = dotted.split('.').peekable();
    while let Some(part) = parts.next() {
        match t.get(part) {
            None => return false,
            Some(v) if parts.peek().is_none() => {
                return !matches!(v, toml::Value::Table(x) if x.is_empty());
            }
            Some(toml::Value::Table(inner)) => t = inner,
            Some(_) => return false,
        }
    }
    false
}

/// All leaf keys of a table, dotted.
pub fn flatten_keys(table: &toml::Table, prefix: &str, out: &mut Vec<String>) {
    out.extend(leaves(table, prefix).into_iter().map(|(k, _)| k));
}

/// All leaves of a table with their dotted keys, in the table's order.
pub fn leaves<'t>(table: &'t toml::Table, prefix: &str) -> Vec<(String, &'t toml::Value)> {
    let mut out = Vec::new();
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => out.extend(leaves(t, &key)),
            v => out.push((key, v)),
        }
    }
    out
}
