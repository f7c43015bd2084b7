"""Hooks that sphinx-gallery imports by name (see ``conf.py``)."""

from pathlib import Path


def reset_argv(gallery_conf, script_vars):
    """Command-line arguments of each example run by the documentation build.

    ``plot_html_report.py`` writes its page into the folder it is given,
    ``docs/`` when run by hand; the build gives it a folder under the gallery
    output, so building the docs leaves the committed ``docs/report-example.*``
    untouched.
    """
    if Path(script_vars["src_file"]).name == "plot_html_report.py":
        out = Path(gallery_conf["src_dir"]) / "auto_examples" / "report-output"
        return [str(out)]
    return []
