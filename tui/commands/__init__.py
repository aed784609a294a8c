"""The ``relance`` subcommands, one module each: ``add_parser`` declares it, ``run`` does it."""
