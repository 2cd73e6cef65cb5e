#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/corpus/ from the golden vectors (tests/vectors/).

    python3 tests/fuzz/make_seeds.py

Deterministic: same vectors, same seeds. Each target's directory gets its seeds under the
names "seed-*"; every other file there (crash-* regression inputs, qr_png's images, inputs a
fuzzer found and someone kept) is left alone. Inputs with the same bytes are written once.

Text targets take the vectors as they are, and the payload targets also the decoded payloads
of the signed vectors (the readers behind the signature, which mutated envelopes never
reach). The binary targets get small archives built here as the documented forms say: image
archives in the three forms frlic reads (docker-legacy, docker 25+ with an OCI layout,
oci-archive), uncompressed and gzip layers; server packages as frlic writes them. qr_png's
seeds are PNGs written by frlic's own WriteQrPng (see tests/fuzz/README.md).
"""
import base64
import gzip
import hashlib
import io
import json
import pathlib
import tarfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
CORPUS = ROOT / "tests" / "fuzz" / "corpus"


class Seeds:
    def __init__(self, target):
        self.dir = CORPUS / target
        self.dir.mkdir(parents=True, exist_ok=True)
        for old in self.dir.glob("seed-*"):
            old.unlink()
        self.seen = set()

    def add(self, name, data):
        if isinstance(data, str):
            data = data.encode()
        digest = hashlib.sha256(data).digest()
        if digest in self.seen:
            return
        self.seen.add(digest)
        (self.dir / ("seed-" + name)).write_bytes(data)

    def add_files(self, paths, prefix=""):
        for path in sorted(paths):
            self.add(prefix + path.name, path.read_bytes())


def payload_of(envelope_bytes):
    """The payload bytes of an envelope, or None when it is not one."""
    try:
        return base64.b64decode(json.loads(envelope_bytes)["payload"], validate=True)
    except (ValueError, KeyError, TypeError):
        return None


def envelope_target(target, vector_dir, suffix, extra=()):
    seeds = Seeds(target)
    files = sorted((VECTORS / vector_dir).glob("*" + suffix))
    seeds.add_files(files)
    for path in files[::2]:
        payload = payload_of(path.read_bytes())
        if payload is not None:
            seeds.add(path.stem + ".payload.json", payload)
    for name, data in extra:
        seeds.add(name, data)


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def tar_bytes(members):
    """A tar of (name, bytes | ("dir",) | ("symlink", target)), without the 10 KiB padding."""
    out = io.BytesIO()
    saved = tarfile.RECORDSIZE
    tarfile.RECORDSIZE = tarfile.BLOCKSIZE  # no padding to 20 blocks: keep the seeds small
    try:
        with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as tar:
            for name, data in members:
                info = tarfile.TarInfo(name)
                info.mtime = 0
                if isinstance(data, tuple) and data[0] == "dir":
                    info.type = tarfile.DIRTYPE
                    info.mode = 0o755
                    tar.addfile(info)
                elif isinstance(data, tuple) and data[0] == "symlink":
                    info.type = tarfile.SYMTYPE
                    info.linkname = data[1]
                    tar.addfile(info)
                else:
                    info.size = len(data)
                    info.mode = 0o644
                    tar.addfile(info, io.BytesIO(data))
    finally:
        tarfile.RECORDSIZE = saved
    return out.getvalue()


def layer(files):
    return tar_bytes([(name, data) for name, data in files])


def image_archive(form, gzip_layers=False, duplicate_symlink=False, component_files=False):
    layers = [layer([("etc/os-release", b'NAME="frlic fuzz seed"\n'),
                     ("app/bin/fanruan-license-server", b"#!/bin/sh\necho seed\n")])]
    if component_files:
        licence = (VECTORS / "component-license" / "golden.json").read_bytes()
        layers.append(layer([("app/config/license.json", licence),
                             ("app/config/instance.key", b"not a key\n")]))
    diff_ids = ["sha256:" + sha256_hex(l) for l in layers]
    stored = [gzip.compress(l, mtime=0) if gzip_layers else l for l in layers]
    if duplicate_symlink:
        diff_ids.append(diff_ids[0])
    config = json.dumps({
        "architecture": "amd64", "os": "linux", "created": "2024-01-01T00:00:00Z",
        "config": {"Entrypoint": ["/app/bin/fanruan-license-server"], "WorkingDir": "/app"},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": [{"created": "2024-01-01T00:00:00Z"} for _ in diff_ids],
    }, separators=(",", ":")).encode()
    config_hex = sha256_hex(config)
    members = []
    if form == "docker-legacy":
        names = []
        for i, data in enumerate(stored):
            layer_id = sha256_hex(b"layer id %d" % i)
            members += [(layer_id + "/", ("dir",)), (layer_id + "/VERSION", b"1.0"),
                        (layer_id + "/layer.tar", data)]
            names.append(layer_id + "/layer.tar")
        if duplicate_symlink:
            layer_id = sha256_hex(b"duplicate")
            members += [(layer_id + "/", ("dir",)),
                        (layer_id + "/layer.tar", ("symlink", "../" + names[0]))]
            names.append(layer_id + "/layer.tar")
        members.append((config_hex + ".json", config))
        manifest = [{"Config": config_hex + ".json", "RepoTags": ["seed/base:1"], "Layers": names}]
        members.append(("manifest.json", json.dumps(manifest, separators=(",", ":")).encode()))
        return tar_bytes(members)
    layer_type = "application/vnd.oci.image.layer.v1.tar" + ("+gzip" if gzip_layers else "")
    blobs = {config_hex: config}
    descriptors = []
    for data in stored:
        blobs[sha256_hex(data)] = data
        descriptors.append({"mediaType": layer_type, "digest": "sha256:" + sha256_hex(data),
                            "size": len(data)})
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": "sha256:" + config_hex, "size": len(config)},
        "layers": descriptors}, separators=(",", ":")).encode()
    blobs[sha256_hex(manifest)] = manifest
    index = json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
                       "digest": "sha256:" + sha256_hex(manifest), "size": len(manifest),
                       "annotations": {"org.opencontainers.image.ref.name": "1"}}]},
        separators=(",", ":")).encode()
    members += [("blobs/", ("dir",)), ("blobs/sha256/", ("dir",))]
    members += [("blobs/sha256/" + hex_, data) for hex_, data in sorted(blobs.items())]
    members.append(("index.json", index))
    if form == "docker-oci":
        docker = [{"Config": "blobs/sha256/" + config_hex, "RepoTags": ["seed/base:1"],
                   "Layers": [d["digest"].replace("sha256:", "blobs/sha256/") for d in descriptors]}]
        members.append(("manifest.json", json.dumps(docker, separators=(",", ":")).encode()))
    members.append(("oci-layout", b'{"imageLayoutVersion":"1.0.0"}'))
    return tar_bytes(members)


def server_package(binary_name="server", deflate=True):
    """A package as docs/formats.md describes it: four entries under FanruanLicenseServer/."""
    out = io.BytesIO()
    compression = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    entries = [
        ("FanruanLicenseServer/README.txt", b"Start the licence server: bin/server\n", 0o644),
        ("FanruanLicenseServer/bin/" + binary_name, b"#!/bin/sh\necho stand-in server\n", 0o755),
        ("FanruanLicenseServer/config/instance.key.sealed", bytes(range(80)), 0o644),
        ("FanruanLicenseServer/config/license.json",
         (VECTORS / "server-license" / "golden.json").read_bytes(), 0o644),
    ]
    with zipfile.ZipFile(out, "w") as archive:
        for name, data, mode in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 23, 8, 0, 0))
            info.compress_type = compression
            info.create_system = 3  # unix: the mode is in the external attributes
            info.external_attr = (0o100000 | mode) << 16
            archive.writestr(info, data)
    return out.getvalue()


def main():
    # order YAML: every valid vector and the example templates, and the invalid vectors.
    seeds = Seeds("order")
    seeds.add_files((VECTORS / "orders" / "valid").glob("*.yaml"), "valid-")
    seeds.add_files((ROOT / "templates" / "orders").glob("*.yaml"), "template-")
    seeds.add_files(sorted((VECTORS / "orders" / "invalid").glob("*.yaml"))[::2], "invalid-")
    seeds.add("deep.yaml", "order_id: X\nfeatures: " + "[" * 70 + "]" * 70 + "\n")

    # strict JSON: JSONTestSuite's accepted documents and a sample of the rejected ones, and
    # the JSON frlic reads (payloads, machine info, requests, a keyring).
    seeds = Seeds("strict_json")
    suite = sorted((VECTORS / "third_party" / "jsontestsuite" / "test_parsing").glob("*.json"))
    seeds.add_files([p for p in suite if p.name.startswith("y_")])
    seeds.add_files([p for p in suite if p.name.startswith("n_")][::8])
    for name in ["container-license/golden.lic", "server-license/golden.json",
                 "receipt/golden.fr", "private-config/golden.privateConfig"]:
        data = (VECTORS / name).read_bytes()
        seeds.add(name.replace("/", "-"), data)
        seeds.add(name.replace("/", "-") + ".payload.json", payload_of(data))
    seeds.add("rif-golden.json", (VECTORS / "rif" / "golden.json").read_bytes())
    seeds.add("keyring.json", (ROOT / "keys-example" / "keyring.json").read_bytes())
    # around the nesting limit (docs/formats.md section 1: 64 levels).
    seeds.add("depth-64.json", '{"a":' + "[" * 63 + "]" * 63 + "}")
    seeds.add("depth-65.json", '{"a":' + "[" * 64 + "]" * 64 + "}")
    seeds.add("manifest.json", b'[{"Config":"c.json","RepoTags":["a/b:1"],"Layers":["l/layer.tar"]}]')

    # the envelope: one of each artifact type and their rejections.
    seeds = Seeds("envelope")
    for vector_dir, suffix in [("container-license", ".lic"), ("server-license", ".json"),
                               ("component-license", ".json"), ("receipt", ".fr"),
                               ("private-config", ".privateConfig")]:
        files = sorted((VECTORS / vector_dir).glob("*" + suffix))
        seeds.add_files([f for f in files if f.stem == "golden"] + files[::2], vector_dir + "-")

    envelope_target("container_licence", "container-license", ".lic")
    envelope_target("server_licence", "server-license", ".json")
    envelope_target("component_licence", "component-license", ".json")
    envelope_target("receipt", "receipt", ".fr")
    envelope_target("private_config", "private-config", ".privateConfig")

    # MachineInfo.rif: every RIF vector and the sealed plaintext.
    seeds = Seeds("rif")
    seeds.add_files((VECTORS / "rif").glob("*.rif"))
    seeds.add("golden.json", (VECTORS / "rif" / "golden.json").read_bytes())

    # the activation payload: every line of the strictness vectors.
    seeds = Seeds("activation")
    lines = (VECTORS / "activation" / "payloads.txt").read_text().splitlines()
    count = 0
    for line in lines:
        if line.startswith("#") or not line.strip():
            continue
        outcome, _, text = line.partition(" ")
        text = text.replace("\\\\", "\0").replace("\\n", "\n").replace("\\r", "\r")
        text = text.replace("\0", "\\")
        count += 1
        if count % 2 == 1:
            seeds.add("%s-%02d.txt" % (outcome, count), text)

    # the licence server's request: every request of the verdict vectors.
    seeds = Seeds("server_request")
    lines = (VECTORS / "server-license" / "requests.txt").read_text().splitlines()
    count = 0
    for line in lines:
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split(None, 2)
        count += 1
        seeds.add("%s-%02d.json" % (parts[1], count), parts[2] if len(parts) > 2 else "")

    # image archives: the stand-in base image and each form built here.
    seeds = Seeds("image_archive")
    seeds.add("base-image.tar", (ROOT / "templates" / "container" / "base-image.tar").read_bytes())
    for form in ["docker-legacy", "docker-oci", "oci-archive"]:
        seeds.add(form + ".tar", image_archive(form))
        seeds.add(form + "-gzip.tar", image_archive(form, gzip_layers=True))
    seeds.add("docker-legacy-duplicate-symlink.tar",
              image_archive("docker-legacy", duplicate_symlink=True))
    seeds.add("docker-legacy-component.tar", image_archive("docker-legacy", component_files=True))

    # server packages.
    seeds = Seeds("server_package")
    seeds.add("linux.zip", server_package())
    seeds.add("windows.zip", server_package("server.exe"))
    seeds.add("stored.zip", server_package(deflate=False))


if __name__ == "__main__":
    main()
