"""One row by key, with the SQL built once.

Every signed-in request loads three rows by key before its view runs: the session, the user and
(after the second factor) the OTP device. Through the ORM each lookup spends about 0.2 ms building
its query — ten times what the database takes for it — so together they cost more than a bare
view. Here the SELECT and the column converters are prepared once per (model, field, database)
and each lookup only executes them; the row becomes a model instance through ``Model.from_db``
exactly as the ORM would make it (same converters, same deferred-nothing state)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import Model

_PREPARED: dict[tuple, tuple] = {}


def _prepare(model: type[Model], field_name: str, alias: str) -> tuple:
    connection = connections[alias]
    opts = model._meta
    qn = connection.ops.quote_name
    fields = opts.concrete_fields
    columns = ", ".join(f"{qn(opts.db_table)}.{qn(f.column)}" for f in fields)
    key_field = opts.pk if field_name == "pk" else opts.get_field(field_name)
    # Only quoted identifiers from the model's own metadata go into the text; the value is a parameter.
    table, key_column = qn(opts.db_table), qn(key_field.column)
    sql = f"SELECT {columns} FROM {table} WHERE {table}.{key_column} = %s"  # noqa: S608  # nosec B608
    converters = []
    for index, field in enumerate(fields):
        col = field.get_col(opts.db_table)
        found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if found:
            converters.append((index, found, col))
    return sql, [f.attname for f in fields], converters, key_field


def get_by(model: type[Model], field_name: str, value, *, using: str | None = None) -> Model | None:
    """The instance whose ``field_name`` equals ``value`` (a unique field), or None."""
    alias = using or router.db_for_read(model)
    key = (model, field_name, alias)
    prepared = _PREPARED.get(key)
    if prepared is None:
        prepared = _PREPARED[key] = _prepare(model, field_name, alias)
    sql, attnames, converters, key_field = prepared
    connection = connections[alias]
    try:
        param = key_field.get_db_prep_value(key_field.to_python(value), connection, prepared=False)
    except (ValidationError, ValueError, TypeError):
        return None  # not a possible key (a tampered session, say): no such row
    with connection.cursor() as cursor:
        cursor.execute(sql, [param])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, functions, col in converters:
        value = values[index]
        for function in functions:
            value = function(value, col, connection)
        values[index] = value
    return model.from_db(alias, attnames, values)


class PreparedValues:
    """A ``values()`` query whose SQL is built once per database connection, then only executed.

    ``build(*args)`` returns the queryset for given arguments. It is called once with ``examples``
    (distinctive values, each of which must appear as itself among the compiled query's parameters)
    to learn the SQL text, where each argument goes and how each column is converted. Every later
    call executes that text with the real arguments and converts the rows exactly as
    ``QuerySet.values()`` would (same converters, same names). Used for the multi-row reads of the
    busiest pages, where building the ORM query costs several times its execution.

    ``paged``: the call also takes ``limit`` and ``offset`` (integers, written into the text).
    ``unused_ok``: the positions of examples the query may leave out (a rule that does not look at
    that argument for this kind of person); any other left out is an error."""

    def __init__(self, build, *examples, paged: bool = False, unused_ok: tuple[int, ...] = ()):
        self.build, self.examples, self.paged, self.unused_ok = build, examples, paged, unused_ok

    def _adapt(self, connection, value):
        from datetime import date, datetime

        if isinstance(value, datetime):
            return connection.ops.adapt_datetimefield_value(value)
        if isinstance(value, date):
            return connection.ops.adapt_datefield_value(value)
        return value

    def _prepare(self, alias: str) -> tuple:
        connection = connections[alias]
        queryset = self.build(*self.examples)
        compiler = queryset.query.get_compiler(alias)
        sql, params = compiler.as_sql()
        params = list(params)
        slots: list[int | None] = []
        for param in params:
            matches = [i for i, ex in enumerate(self.examples) if param == self._adapt(connection, ex)]
            slots.append(matches[0] if matches else None)
        for index in range(len(self.examples)):
            if index not in slots and index not in self.unused_ok:
                raise ValueError(f"example argument {index} does not appear as itself in the query")
        query = queryset.query
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
        converters = compiler.get_converters(fields)
        return sql, params, slots, names, compiler, converters

    def __call__(self, *args, using: str = "default", limit: int = 0, offset: int = 0) -> list[dict]:
        # Kept on the connection: connections (and the compiler that converts rows for one) belong
        # to a thread, and a test that swaps a database gets a fresh connection and a fresh plan.
        connection = connections[using]
        plans = connection.__dict__.setdefault("_pilotbase_prepared_values", {})
        prepared = plans.get(id(self))
        if prepared is None:
            prepared = plans[id(self)] = self._prepare(using)
        sql, constants, slots, names, compiler, converters = prepared
        params = [
            constants[i] if slot is None else self._adapt(connection, args[slot])
            for i, slot in enumerate(slots)
        ]
        if self.paged:
            # Written into the text, not passed as parameters: PostgreSQL plans a prepared statement
            # once for any parameters, and a LIMIT it cannot see may be planned as a sort of every row.
            sql = f"{sql} LIMIT {int(limit)} OFFSET {int(offset)}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = compiler.apply_converters(rows, converters)
        return [dict(zip(names, row, strict=True)) for row in rows]
