"""Alembic environment. The application passes its own open connection (one transaction for
the whole upgrade); a developer running `alembic -x db=PATH` gets the same engine settings."""

from alembic import context

from desktop.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from desktop.store.engine import make_engine

    path = context.get_x_argument(as_dictionary=True).get("db")
    if not path:
        raise SystemExit("用法：alembic -c db/alembic.ini -x db=数据文件路径 upgrade head")
    engine = make_engine(path)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        transaction_per_migration=False,
    )
    context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Budget Desk migrations run online only")
run_migrations_online()
