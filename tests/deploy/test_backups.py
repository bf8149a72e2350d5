"""The prod overlay's backups: every service's CloudNativePG Cluster archives its WAL and base
backups to object storage, each in a folder of its own, kept 30 days, and a ScheduledBackup
takes a base backup of each every night, so any instant of the last 30 days can be recovered.
(CloudNativePG's CRDs have no schema in kubernetes-validate: the fields are checked here.)"""

from phananh_common.config import SERVICES
from tests.deploy.manifests import objects


def test_every_prod_database_is_archived_to_object_storage():
    clusters = objects("prod", "Cluster")
    destinations = set()
    for service in SERVICES:
        backup = clusters[f"{service}-db"]["spec"]["backup"]
        assert backup["retentionPolicy"] == "30d"
        store = backup["barmanObjectStore"]
        destinations.add(store["destinationPath"])
        assert store["destinationPath"].endswith(f"/{service}")
        assert store["s3Credentials"]["accessKeyId"]["name"] == "phananh-backup-s3"
        assert store["wal"]["compression"] == "gzip"
    assert len(destinations) == len(SERVICES)


def test_every_prod_database_has_a_nightly_scheduled_backup():
    scheduled = objects("prod", "ScheduledBackup")
    assert set(scheduled) == {f"{s}-db-nightly" for s in SERVICES}
    clusters = objects("prod", "Cluster")
    for service in SERVICES:
        spec = scheduled[f"{service}-db-nightly"]["spec"]
        assert spec["cluster"] == {"name": f"{service}-db"}
        assert spec["cluster"]["name"] in clusters
        # Six fields, seconds first: every day at 02:00.
        assert spec["schedule"].split() == ["0", "0", "2", "*", "*", "*"]
    assert objects("dev", "ScheduledBackup") == {}
