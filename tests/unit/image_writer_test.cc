// WriteImage: byte-identical runs, the layout docker 25+ writes (sorted entries, fixed
// metadata, plain ustar headers), what the config, manifests and index say, every base form
// (gzip layers come out uncompressed), and refusals: bad names, an existing output, a base
// that changed after it was read.
#include <gtest/gtest.h>

#include <filesystem>

#include "frlic/artifact/image/image_archive.h"
#include "frlic/artifact/image/image_writer.h"
#include "image_test_support.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

using testing::BaseArchive;
using testing::BaseForm;
using testing::BaseOptions;
using testing::DigestOf;
using testing::ListedMember;
using testing::ListTar;
using testing::MakeBaseArchive;
using testing::ReadBytes;
using testing::Sha256Of;
using testing::WriteBytes;
namespace fs = std::filesystem;

constexpr UnixSeconds kCreated = 1767225600;  // 2026-01-01T00:00:00Z

NewImage TestImage() {
  NewImage image;
  image.tag = "acme-2026.1";
  image.layer = {{"app/config/license", ToBytes("LICENCE BYTES\n"), 0644},
                 {"app/config/readme.txt", ToBytes("read me\n"), 0600}};
  image.labels = {{"vendor", "frlic"}, {"com.fanruan.serial", "S-0001"}};
  image.port = 8443;
  image.created_by = "frlic issue --order acme.yaml";
  image.created = kCreated;
  return image;
}

class ImageWriterTest : public frlic::testing::TempDirTest {
 protected:
  ImageArchive ReadBase(const BaseArchive& base, bool gzip_archive = false, bool verify = true) {
    const std::string path = Path("base.tar");
    WriteBytes(path, base.Tar(gzip_archive));
    auto image = ReadImageArchive(path, {.verify_layers = verify});
    EXPECT_OK(image);
    return image.ok() ? std::move(image).value() : ImageArchive{};
  }
  const ListedMember* Member(const std::vector<ListedMember>& members, const std::string& name) {
    for (const ListedMember& member : members) {
      if (member.name == name) return &member;
    }
    ADD_FAILURE() << "no member " << name;
    return nullptr;
  }
};

TEST_F(ImageWriterTest, ByteIdenticalAcrossRuns) {
  BaseArchive base = MakeBaseArchive(BaseForm::kDockerLegacy);
  ImageArchive image = ReadBase(base);
  auto first = WriteImage(image, TestImage(), Path("one.tar"));
  ASSERT_OK(first);
  // A second run from a second read of the base.
  auto again = ReadImageArchive(image.path);
  ASSERT_OK(again);
  auto second = WriteImage(*again, TestImage(), Path("two.tar"));
  ASSERT_OK(second);
  const std::string bytes = ReadBytes(Path("one.tar"));
  EXPECT_EQ(bytes, ReadBytes(Path("two.tar")));
  EXPECT_EQ(first->sha256, Sha256Of(bytes));
  EXPECT_EQ(first->size, bytes.size());
  EXPECT_EQ(first->sha256, second->sha256);
  EXPECT_EQ(first->manifest_digest, second->manifest_digest);
  EXPECT_EQ(fs::status(Path("one.tar")).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                fs::perms::others_read);
}

// Issue 13, item 3: an image larger than the writeback chunk (8 MiB, handed to the kernel's
// writeback as it is written) and not a multiple of it: the digest computed while writing is
// the file's, and the file reads back with every layer verified.
TEST_F(ImageWriterTest, ImageOverSeveralWritebackChunksHashedAsWritten) {
  BaseOptions options;
  options.layers = testing::TestLayers();
  options.layers.push_back(
      testing::MakeLayer({{"app/lib/large.bin", testing::RandomBytes((19 << 20) + 4321, 7)}}));
  ImageArchive image = ReadBase(MakeBaseArchive(BaseForm::kDockerOci, options));
  auto written = WriteImage(image, TestImage(), Path("large.tar"));
  ASSERT_OK(written);
  const std::string bytes = ReadBytes(Path("large.tar"));
  EXPECT_GT(bytes.size(), 19u << 20);
  EXPECT_EQ(written->size, bytes.size());
  EXPECT_EQ(written->sha256, Sha256Of(bytes));
  auto reread = ReadImageArchive(Path("large.tar"));
  ASSERT_OK(reread);
  ASSERT_EQ(reread->layers.size(), options.layers.size() + 1);
  EXPECT_EQ(reread->layers[3].diff_id, image.layers[3].diff_id);
}

TEST_F(ImageWriterTest, ReadsBackAsDockerOciWithTheAddedLayer) {
  BaseArchive base = MakeBaseArchive(BaseForm::kDockerLegacy);
  ImageArchive image = ReadBase(base);
  const NewImage added = TestImage();
  auto written = WriteImage(image, added, Path("out.tar"));
  ASSERT_OK(written);

  auto out = ReadImageArchive(Path("out.tar"));
  ASSERT_OK(out);
  EXPECT_EQ(out->form, ImageArchiveForm::kDockerOci);
  EXPECT_EQ(out->repo_tags, std::vector<std::string>{"fanruan_license_server:acme-2026.1"});
  EXPECT_EQ(out->config_digest, written->config_digest);
  ASSERT_EQ(out->layers.size(), base.layers.size() + 1);
  for (std::size_t i = 0; i < base.layers.size(); ++i) {
    EXPECT_EQ(out->layers[i].diff_id, base.diff_ids[i]);
    EXPECT_EQ(out->layers[i].entry, "blobs/sha256/" + base.diff_ids[i].substr(7));
  }
  const ImageLayer& last = out->layers.back();
  EXPECT_EQ(last.diff_id, written->layer_digest);
  EXPECT_EQ(last.digest, written->layer_digest);
  EXPECT_FALSE(last.gzip);
  auto files = ReadLayerFiles(*out, out->layers.size() - 1, 1 << 20);
  ASSERT_OK(files);
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0].first, "app/config/license");
  EXPECT_EQ((*files)[0].second, ToBytes("LICENCE BYTES\n"));
  EXPECT_EQ((*files)[1].first, "app/config/readme.txt");

  const Json& config = out->config;
  EXPECT_EQ(config["created"], "2026-01-01T00:00:00Z");
  EXPECT_EQ(config["architecture"], "amd64");
  EXPECT_EQ(config["config"]["WorkingDir"], "/app");  // kept from the base
  EXPECT_EQ(config["config"]["Labels"],
            (Json{{"vendor", "frlic"}, {"com.fanruan.serial", "S-0001"}}));  // vendor replaced
  EXPECT_EQ(config["config"]["ExposedPorts"], (Json{{"8443/tcp", Json::object()}}));
  ASSERT_EQ(config["history"].size(), base.layers.size() + 1);
  EXPECT_EQ(config["history"].back(), (Json{{"created", "2026-01-01T00:00:00Z"},
                                            {"created_by", "frlic issue --order acme.yaml"},
                                            {"comment", "frlic"}}));
  Json diff_ids = Json(base.diff_ids);
  diff_ids.push_back(written->layer_digest);
  EXPECT_EQ(config["rootfs"]["diff_ids"], diff_ids);
  EXPECT_EQ(out->config_bytes, config.dump());  // compact, keys sorted

  const std::vector<ListedMember> members = ListTar(ReadBytes(Path("out.tar")));
  const ListedMember* index_member = Member(members, "index.json");
  ASSERT_NE(index_member, nullptr);
  Json index = Json::parse(index_member->data);
  EXPECT_EQ(index["schemaVersion"], 2);
  EXPECT_EQ(index["mediaType"], "application/vnd.oci.image.index.v1+json");
  ASSERT_EQ(index["manifests"].size(), 1u);
  const Json& descriptor = index["manifests"][0];
  EXPECT_EQ(descriptor["digest"], written->manifest_digest);
  EXPECT_EQ(
      descriptor["annotations"],
      (Json{{"io.containerd.image.name", "docker.io/library/fanruan_license_server:acme-2026.1"},
            {"org.opencontainers.image.ref.name", "acme-2026.1"}}));
  EXPECT_EQ(descriptor["platform"], (Json{{"architecture", "amd64"}, {"os", "linux"}}));
  const ListedMember* manifest_member =
      Member(members, "blobs/sha256/" + written->manifest_digest.substr(7));
  ASSERT_NE(manifest_member, nullptr);
  Json manifest = Json::parse(manifest_member->data);
  EXPECT_EQ(manifest["mediaType"], "application/vnd.oci.image.manifest.v1+json");
  EXPECT_EQ(manifest["config"]["digest"], written->config_digest);
  EXPECT_EQ(manifest["config"]["mediaType"], "application/vnd.oci.image.config.v1+json");
  ASSERT_EQ(manifest["layers"].size(), base.layers.size() + 1);
  for (std::size_t i = 0; i < base.layers.size(); ++i) {
    EXPECT_EQ(manifest["layers"][i], (Json{{"mediaType", "application/vnd.oci.image.layer.v1.tar"},
                                           {"digest", base.diff_ids[i]},
                                           {"size", base.layers[i].size()}}));
  }
  EXPECT_EQ(Member(members, "oci-layout")->data, R"({"imageLayoutVersion":"1.0.0"})");
}

TEST_F(ImageWriterTest, SortedEntriesFixedMetadataPlainUstar) {
  ImageArchive image = ReadBase(MakeBaseArchive(BaseForm::kOciArchive));
  auto written = WriteImage(image, TestImage(), Path("out.tar"));
  ASSERT_OK(written);
  const std::string bytes = ReadBytes(Path("out.tar"));
  const std::vector<ListedMember> members = ListTar(bytes);

  std::vector<std::string> names;
  for (const ListedMember& member : members) names.push_back(member.name);
  std::vector<std::string> sorted = names;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(names, sorted);
  ASSERT_GE(names.size(), 5u);
  EXPECT_EQ(names[0], "blobs/");
  EXPECT_EQ(names[1], "blobs/sha256/");
  EXPECT_EQ((std::vector<std::string>(names.end() - 3, names.end())),
            (std::vector<std::string>{"index.json", "manifest.json", "oci-layout"}));
  EXPECT_EQ(names.size(), 2 + 3 + 1 + 1 + 1 + 3);  // dirs, base layers, layer, config, manifest
  std::uint64_t expected_size = 1024;              // the end-of-archive marker
  for (const ListedMember& member : members) {
    SCOPED_TRACE(member.name);
    EXPECT_EQ(member.mode, member.type == AE_IFDIR ? 0755u : 0644u);
    EXPECT_EQ(member.uid, 0);
    EXPECT_EQ(member.gid, 0);
    EXPECT_EQ(member.uname, "");
    EXPECT_EQ(member.gname, "");
    EXPECT_EQ(member.mtime, kCreated);
    EXPECT_FALSE(member.has_atime);
    EXPECT_FALSE(member.has_ctime);
    EXPECT_FALSE(member.has_xattrs);
    expected_size += 512 + (member.data.size() + 511) / 512 * 512;
  }
  // No pax extended headers, nothing after the end-of-archive marker.
  EXPECT_EQ(bytes.size(), expected_size);
  EXPECT_EQ(bytes.substr(bytes.size() - 1024), std::string(1024, '\0'));
  for (std::size_t offset = 0; offset + 1024 < bytes.size();) {
    const char type = bytes[offset + 156];
    EXPECT_TRUE(type == '0' || type == '5') << "typeflag " << type << " at " << offset;
    EXPECT_EQ(bytes.substr(offset + 257, 6), std::string("ustar\0", 6));
    std::uint64_t size = std::stoull(bytes.substr(offset + 124, 11), nullptr, 8);
    offset += 512 + (size + 511) / 512 * 512;
  }

  // The added layer: parent directories first, 0755; the files' own modes; same metadata.
  const std::vector<ListedMember> layer =
      ListTar(Member(members, "blobs/sha256/" + written->layer_digest.substr(7))->data);
  ASSERT_EQ(layer.size(), 4u);
  EXPECT_EQ(layer[0].name, "app/");
  EXPECT_EQ(layer[1].name, "app/config/");
  EXPECT_EQ(layer[2].name, "app/config/license");
  EXPECT_EQ(layer[3].name, "app/config/readme.txt");
  EXPECT_EQ(layer[0].mode, 0755u);
  EXPECT_EQ(layer[2].mode, 0644u);
  EXPECT_EQ(layer[3].mode, 0600u);
  for (const ListedMember& member : layer) {
    EXPECT_EQ(member.uid, 0);
    EXPECT_EQ(member.uname, "");
    EXPECT_EQ(member.mtime, kCreated);
    EXPECT_FALSE(member.has_atime);
  }
}

struct WriterFormCase {
  BaseForm form;
  bool gzip_layers;
  bool gzip_archive;
};

std::string FormCaseName(const ::testing::TestParamInfo<WriterFormCase>& info) {
  static const char* const kForms[] = {"DockerLegacy", "DockerOci", "OciArchive"};
  return std::string(kForms[static_cast<int>(info.param.form)]) +
         (info.param.gzip_layers ? "GzipLayers" : "") +
         (info.param.gzip_archive ? "GzipArchive" : "");
}

class ImageWriterFormTest : public ImageWriterTest,
                            public ::testing::WithParamInterface<WriterFormCase> {};

TEST_P(ImageWriterFormTest, WritesUncompressedLayersFromEveryForm) {
  const WriterFormCase& c = GetParam();
  BaseArchive base = MakeBaseArchive(c.form, {.gzip_layers = c.gzip_layers});
  ImageArchive image = ReadBase(base, c.gzip_archive);
  auto written = WriteImage(image, TestImage(), Path("out.tar"));
  ASSERT_OK(written);
  auto out = ReadImageArchive(Path("out.tar"));
  ASSERT_OK(out);
  ASSERT_EQ(out->layers.size(), base.layers.size() + 1);
  for (std::size_t i = 0; i < base.layers.size(); ++i) {
    SCOPED_TRACE("layer " + std::to_string(i));
    const ImageLayer& layer = out->layers[i];
    EXPECT_FALSE(layer.gzip);
    EXPECT_EQ(layer.digest, layer.diff_id);
    EXPECT_EQ(layer.diff_id, base.diff_ids[i]);
    EXPECT_EQ(layer.size, base.layers[i].size());
    std::string copied;
    ASSERT_OK(CopyImageLayer(*out, i, [&](ByteView block) {
      copied.append(AsText(block));
      return Ok();
    }));
    EXPECT_EQ(copied, base.layers[i]);
  }
}

INSTANTIATE_TEST_SUITE_P(ImageForms, ImageWriterFormTest,
                         ::testing::Values(WriterFormCase{BaseForm::kDockerLegacy, false, false},
                                           WriterFormCase{BaseForm::kDockerLegacy, true, true},
                                           WriterFormCase{BaseForm::kDockerOci, false, false},
                                           WriterFormCase{BaseForm::kOciArchive, true, false},
                                           WriterFormCase{BaseForm::kOciArchive, false, true}),
                         FormCaseName);

TEST_F(ImageWriterTest, DuplicateLayerBlobWrittenOnce) {
  BaseArchive base =
      MakeBaseArchive(BaseForm::kDockerLegacy, {.duplicate = BaseOptions::Duplicate::kSymlink});
  ImageArchive image = ReadBase(base);
  auto written = WriteImage(image, TestImage(), Path("out.tar"));
  ASSERT_OK(written);
  auto out = ReadImageArchive(Path("out.tar"));
  ASSERT_OK(out);
  ASSERT_EQ(out->layers.size(), 5u);
  EXPECT_EQ(out->layers[3].entry, out->layers[0].entry);
  std::size_t blobs = 0;
  for (const ListedMember& member : ListTar(ReadBytes(Path("out.tar")))) {
    if (member.name.rfind("blobs/sha256/", 0) == 0 && member.type == AE_IFREG) ++blobs;
  }
  EXPECT_EQ(blobs, 3u + 1 + 1 + 1);  // distinct base layers, added layer, config, manifest
}

TEST_F(ImageWriterTest, StandInBaseImage) {
  auto base = ReadImageArchive(FRLIC_SOURCE_DIR "/templates/container/base-image.tar");
  ASSERT_OK(base);
  auto written = WriteImage(*base, TestImage(), Path("out.tar"));
  ASSERT_OK(written);
  auto out = ReadImageArchive(Path("out.tar"));
  ASSERT_OK(out);
  EXPECT_EQ(out->layers.size(), 2u);
  EXPECT_EQ(out->config["config"]["Entrypoint"][0], "/app/bin/fanruan-license-server");
}

// The image's bytes from the committed stand-in base, pinned: a change in the tar writer's
// layout (headers, order, padding) or in the config and manifests fails here. If the change
// is intended, replace the line in tests/vectors/artifact-digests/SHA256SUMS with the one this
// test prints (see the README there).
TEST_F(ImageWriterTest, BytesFromTheStandInBaseMatchThePinnedDigest) {
  auto base = ReadImageArchive(FRLIC_SOURCE_DIR "/templates/container/base-image.tar");
  ASSERT_OK(base);
  auto written = WriteImage(*base, TestImage(), Path("fanruan_license_server.tar"));
  ASSERT_OK(written);
  const std::string digest = Sha256Of(ReadBytes(Path("fanruan_license_server.tar")));
  EXPECT_EQ(written->sha256, digest);
  EXPECT_EQ(digest, testing::PinnedSha256("fanruan_license_server.tar"))
      << "fanruan_license_server.tar changed; if intended, the new SHA256SUMS line is:\n"
      << digest << "  fanruan_license_server.tar";
}

TEST_F(ImageWriterTest, OptionalPartsOfTheConfig) {
  // No port: no ExposedPorts. No history and null Labels in the base: created.
  BaseOptions options;
  options.edit_config = [](Json& config) {
    config.erase("history");
    config["config"]["Labels"] = nullptr;
    config.erase("architecture");
  };
  ImageArchive image = ReadBase(MakeBaseArchive(BaseForm::kDockerLegacy, options));
  NewImage added = TestImage();
  added.port = 0;
  added.repository = "registry.example.com:5000/fanruan/license-server";
  auto written = WriteImage(image, added, Path("out.tar"));
  ASSERT_OK(written);
  auto out = ReadImageArchive(Path("out.tar"));
  ASSERT_OK(out);
  EXPECT_FALSE(out->config["config"].contains("ExposedPorts"));
  EXPECT_EQ(out->config["config"]["Labels"].size(), 2u);
  EXPECT_EQ(out->config["history"].size(), 1u);
  const auto members = ListTar(ReadBytes(Path("out.tar")));
  Json index = Json::parse(Member(members, "index.json")->data);
  EXPECT_EQ(index["manifests"][0]["annotations"]["io.containerd.image.name"],
            "registry.example.com:5000/fanruan/license-server:acme-2026.1");
  EXPECT_FALSE(index["manifests"][0].contains("platform"));
  EXPECT_EQ(out->repo_tags, std::vector<std::string>{
                                "registry.example.com:5000/fanruan/license-server:acme-2026.1"});
}

// A base config nested to the limit of strict JSON (64 levels, docs/formats.md section 1) is
// copied member for member; the image written reads back (its config is no deeper). Deeper
// configs never get here: ReadImageArchive refuses them (image_archive_test.cc).
TEST_F(ImageWriterTest, ConfigNestedAtTheLimitIsCopied) {
  BaseOptions options;
  options.edit_config = [](Json& config) {
    Json deep = Json::array();
    for (int level = 2; level < kMaxNestingDepth; ++level) deep = Json::array({deep});
    config["deep"] = deep;  // the config object and 63 arrays: 64 levels
  };
  const BaseArchive base = MakeBaseArchive(BaseForm::kDockerLegacy, options);
  ImageArchive image = ReadBase(base);
  ASSERT_TRUE(image.config.contains("deep"));
  auto written = WriteImage(image, TestImage(), Path("out.tar"));
  ASSERT_OK(written);
  auto out = ReadImageArchive(Path("out.tar"));
  ASSERT_OK(out);
  EXPECT_EQ(out->config["deep"], base.config_json["deep"]);
}

TEST_F(ImageWriterTest, RejectsBadNamesAndPaths) {
  ImageArchive image = ReadBase(MakeBaseArchive(BaseForm::kDockerLegacy));
  auto refused = [&](const NewImage& added, const std::string& fragment) {
    auto written = WriteImage(image, added, Path("out.tar"));
    ASSERT_FALSE(written.ok()) << fragment;
    EXPECT_EQ(written.error().code(), ErrorCode::kInvalidInput) << written.error().message();
    EXPECT_NE(written.error().message().find(fragment), std::string::npos)
        << written.error().message();
    EXPECT_FALSE(fs::exists(Path("out.tar")));
  };
  for (std::string tag :
       std::vector<std::string>{"", "-x", ".x", "a b", "a:b", "a/b", std::string(129, 'a')}) {
    NewImage added = TestImage();
    added.tag = tag;
    refused(added, "image tag \"" + tag + "\" is not valid");
  }
  for (std::string repository : {"Upper", "a//b", "-x", "a/", "a__-b", "a..b", ""}) {
    NewImage added = TestImage();
    added.repository = repository;
    refused(added, "image repository \"" + repository + "\"");
  }
  for (std::string path : {"/etc/passwd", "../x", "app/../../x", "a//b", "./a", "a/", "", "a/\n"}) {
    NewImage added = TestImage();
    added.layer.push_back({path, ToBytes("x"), 0644});
    refused(added, "layer file \"" + path + "\"");
  }
  NewImage twice = TestImage();
  twice.layer.push_back(twice.layer[0]);
  refused(twice, "is given twice");
  NewImage file_and_directory = TestImage();
  file_and_directory.layer.push_back({"app/config", ToBytes("x"), 0644});
  refused(file_and_directory, "is also the directory of another layer file");
  NewImage mode = TestImage();
  mode.layer[0].mode = 0100644;
  refused(mode, "not a permission mode");
  NewImage label = TestImage();
  label.labels["bad"] = "\xff";
  refused(label, "not UTF-8");
}

TEST_F(ImageWriterTest, RefusesAnExistingOutput) {
  ImageArchive image = ReadBase(MakeBaseArchive(BaseForm::kDockerLegacy));
  WriteBytes(Path("out.tar"), "mine");
  auto written = WriteImage(image, TestImage(), Path("out.tar"));
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().code(), ErrorCode::kRefused);
  EXPECT_EQ(ReadBytes(Path("out.tar")), "mine");
}

TEST_F(ImageWriterTest, BaseChangedAfterReadingIsNotWritten) {
  for (bool verified_read : {true, false}) {
    SCOPED_TRACE(verified_read ? "verified read" : "unverified read");
    BaseArchive base = MakeBaseArchive(BaseForm::kDockerLegacy);
    ImageArchive image = ReadBase(base, false, verified_read);
    base.Find(base.layer_entries[1])->data[5000] ^= 1;  // same size, one byte
    WriteBytes(image.path, base.Tar());
    const std::string out = Path(verified_read ? "out1.tar" : "out2.tar");
    auto written = WriteImage(image, TestImage(), out);
    ASSERT_FALSE(written.ok());
    EXPECT_EQ(written.error().code(), ErrorCode::kMalformed);
    EXPECT_NE(written.error().message().find("layer 1 ("), std::string::npos)
        << written.error().message();
    EXPECT_NE(written.error().message().find("but the config's rootfs.diff_ids[1] says"),
              std::string::npos);
    // What was written is left for the caller to discard, and is not an image: the tar is
    // not ended and its manifests are not there.
    auto partial = ReadImageArchive(out);
    ASSERT_FALSE(partial.ok());
    EXPECT_EQ(partial.error().code(), ErrorCode::kMalformed);
  }
}

// Issue 12, item 8: the writer reports progress (for the CLI's terminal display): never
// backwards, every base layer's bytes counted, the last report complete; the bytes written are
// the same as without a callback.
TEST_F(ImageWriterTest, ReportsProgressUpToTheTotal) {
  BaseArchive base = MakeBaseArchive(BaseForm::kDockerLegacy);
  ImageArchive image = ReadBase(base);
  std::vector<std::pair<std::uint64_t, std::uint64_t>> reports;
  auto written = WriteImage(
      image, TestImage(), Path("progress.tar"),
      [&](std::uint64_t done, std::uint64_t total) { reports.emplace_back(done, total); });
  ASSERT_OK(written);
  ASSERT_FALSE(reports.empty());
  std::uint64_t layers = 0;
  for (const auto& layer : image.layers) layers += layer.size;
  const std::uint64_t total = reports.back().second;
  EXPECT_GT(total, layers);
  EXPECT_EQ(reports.back().first, total);
  for (std::size_t i = 0; i < reports.size(); ++i) {
    EXPECT_EQ(reports[i].second, total);
    if (i > 0) {
      EXPECT_GE(reports[i].first, reports[i - 1].first);
    }
  }
  auto plain = WriteImage(image, TestImage(), Path("plain.tar"));
  ASSERT_OK(plain);
  EXPECT_EQ(ReadBytes(Path("progress.tar")), ReadBytes(Path("plain.tar")));
}

}  // namespace
}  // namespace frlic
