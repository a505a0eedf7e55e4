import pytest

from pilotbase.applications import demo


@pytest.fixture
def call(world):
    return demo.open_call(world.officer)


@pytest.fixture
def complete(world, call):
    """A complete draft of applicant_b (alar_cotton, division-1): facts and every material."""
    from pilotbase.applications import services

    app = services.start_application(call, by=world.applicant_b)
    return demo.fill_and_upload(app, world.applicant_b, "南疆棉纺新材料中试基地")


@pytest.fixture
def walk(world):
    def _walk(app, upto):
        return demo.walk(app, upto, world.people)

    return _walk
