"""The image's build step, run once; ``manage`` runs ``manage.py`` as an operator would."""

import pytest

from ..databases import manage  # noqa: F401  (the tests of this folder import it from here)


@pytest.fixture(scope="session")
def image(tmp_path_factory):
    """The Dockerfile's build step, run once: a copy of the project as the image holds it."""
    from .test_container import build

    return build(tmp_path_factory.mktemp("image"))
