"""The hetang app: the `hetang` command line, its settings, the SQL shell and the run summary.

Entry points read the one typed settings object (`hetang.settings.Settings`) and pass paths down;
nothing below this package reads the environment for paths.
"""
