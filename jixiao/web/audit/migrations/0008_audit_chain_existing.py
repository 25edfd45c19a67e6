"""Chain the entries written before the hash chain existed, in id order."""

from django.db import migrations


def chain_existing(apps, schema_editor):
    from jixiao.web.audit import chain

    Entry = apps.get_model("audit", "AuditEntry")
    Head = apps.get_model("audit", "AuditHead")
    prev, last_id = chain.GENESIS, 0
    for entry in Entry._writer.order_by("id").iterator(chunk_size=2000):
        fields = {name: getattr(entry, name) for name in chain.FIELDS}
        fields["old"], fields["new"] = chain.as_json_value(entry.old), chain.as_json_value(entry.new)
        digest = chain.entry_hash(fields, prev)
        Entry._writer.filter(pk=entry.pk).update(prev_hash=prev, hash=digest)
        prev, last_id = digest, entry.pk
    Head.objects.update_or_create(pk=1, defaults={"last_id": last_id, "last_hash": prev})


class Migration(migrations.Migration):
    dependencies = [("audit", "0007_audit_hash_chain")]

    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
