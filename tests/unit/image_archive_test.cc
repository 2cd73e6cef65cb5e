// ReadImageArchive, CopyImageLayer and ReadLayerFiles: every form of base archive, gzip layers
// and a gzip-compressed archive, links between layers, the stand-in base image, and one
// corrupt variant per check, each named with the message it must give.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <functional>

#include "frlic/artifact/image/image_archive.h"
#include "image_test_support.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

using testing::BaseArchive;
using testing::BaseForm;
using testing::BaseOptions;
using testing::DigestOf;
using testing::MakeBaseArchive;
using testing::TarMember;

const char* FormName(BaseForm form) {
  switch (form) {
    case BaseForm::kDockerLegacy:
      return "DockerLegacy";
    case BaseForm::kDockerOci:
      return "DockerOci";
    case BaseForm::kOciArchive:
      return "OciArchive";
  }
  return "?";
}

ImageArchiveForm Expected(BaseForm form) {
  switch (form) {
    case BaseForm::kDockerLegacy:
      return ImageArchiveForm::kDockerLegacy;
    case BaseForm::kDockerOci:
      return ImageArchiveForm::kDockerOci;
    case BaseForm::kOciArchive:
      return ImageArchiveForm::kOciArchive;
  }
  return ImageArchiveForm::kDockerLegacy;
}

std::string CopyLayer(const ImageArchive& image, std::size_t index) {
  std::string out;
  Status status = CopyImageLayer(image, index, [&](ByteView block) {
    out.append(AsText(block));
    return Ok();
  });
  EXPECT_OK(status);
  return out;
}

// ---- every form reads, with the right layers ----

struct ArchiveFormCase {
  BaseForm form;
  bool gzip_layers;
  bool gzip_archive;
};

class ImageArchiveFormTest : public frlic::testing::TempDirTest,
                             public ::testing::WithParamInterface<ArchiveFormCase> {};

TEST_P(ImageArchiveFormTest, ReadsLayersAndDigests) {
  const ArchiveFormCase& c = GetParam();
  BaseArchive base = MakeBaseArchive(c.form, {.gzip_layers = c.gzip_layers});
  const std::string path = Path("base.tar");
  testing::WriteBytes(path, base.Tar(c.gzip_archive));

  auto image = ReadImageArchive(path);
  ASSERT_OK(image);
  EXPECT_EQ(image->path, path);
  EXPECT_EQ(image->form, Expected(c.form));
  EXPECT_EQ(image->config_bytes, base.config);
  EXPECT_EQ(image->config_digest, DigestOf(base.config));
  EXPECT_EQ(image->config["config"]["WorkingDir"], "/app");
  EXPECT_EQ(image->repo_tags.empty(), false);
  ASSERT_EQ(image->layers.size(), base.layers.size());
  for (std::size_t i = 0; i < base.layers.size(); ++i) {
    SCOPED_TRACE("layer " + std::to_string(i));
    const ImageLayer& layer = image->layers[i];
    EXPECT_EQ(layer.entry, base.layer_entries[i]);
    EXPECT_EQ(layer.gzip, c.gzip_layers);
    EXPECT_EQ(layer.digest, DigestOf(base.stored[i]));
    EXPECT_EQ(layer.stored_size, base.stored[i].size());
    EXPECT_EQ(layer.diff_id, base.diff_ids[i]);
    EXPECT_EQ(layer.size, base.layers[i].size());
    if (!c.gzip_layers) {
      EXPECT_EQ(layer.digest, layer.diff_id);
    }
    EXPECT_EQ(CopyLayer(*image, i), base.layers[i]);  // uncompressed, verified
  }
  auto files = ReadLayerFiles(*image, 0, 1 << 20);
  ASSERT_OK(files);
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0].first, "etc/os-release");
  EXPECT_EQ((*files)[1].first, "app/bin/fanruan-license-server");
  EXPECT_EQ(AsText((*files)[1].second), "#!/bin/sh\necho test server\n");
  // Files above the size limit are left out; the big layer still verifies.
  auto big = ReadLayerFiles(*image, 1, 1 << 20);
  ASSERT_OK(big);
  EXPECT_TRUE(big->empty());
  auto all = ReadLayerFiles(*image, 1, 2 << 20);
  ASSERT_OK(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->at(0).first, "app/lib/big.bin");
  EXPECT_EQ(all->at(0).second.size(), 3u << 19);
}

INSTANTIATE_TEST_SUITE_P(ImageForms, ImageArchiveFormTest,
                         ::testing::Values(ArchiveFormCase{BaseForm::kDockerLegacy, false, false},
                                           ArchiveFormCase{BaseForm::kDockerLegacy, true, false},
                                           ArchiveFormCase{BaseForm::kDockerLegacy, false, true},
                                           ArchiveFormCase{BaseForm::kDockerOci, false, false},
                                           ArchiveFormCase{BaseForm::kDockerOci, true, false},
                                           ArchiveFormCase{BaseForm::kDockerOci, false, true},
                                           ArchiveFormCase{BaseForm::kOciArchive, false, false},
                                           ArchiveFormCase{BaseForm::kOciArchive, true, false},
                                           ArchiveFormCase{BaseForm::kOciArchive, true, true}),
                         [](const ::testing::TestParamInfo<ArchiveFormCase>& info) {
                           return std::string(FormName(info.param.form)) +
                                  (info.param.gzip_layers ? "GzipLayers" : "") +
                                  (info.param.gzip_archive ? "GzipArchive" : "");
                         });

class ImageArchiveTest : public frlic::testing::TempDirTest {
 protected:
  std::string Write(const BaseArchive& base, bool gzip = false) {
    const std::string path = Path("base.tar");
    testing::WriteBytes(path, base.Tar(gzip));
    return path;
  }
};

// A docker < 25 base whose config holds the member "deep": arrays nested so that the config
// is `depth` levels deep in all. Spliced in as text: nlohmann's own dump recurses.
BaseArchive BaseWithDeepConfig(int depth) {
  BaseArchive base = MakeBaseArchive(BaseForm::kDockerLegacy);
  const auto arrays = static_cast<std::size_t>(depth - 1);
  const std::string config = "{\"deep\":" + std::string(arrays, '[') + std::string(arrays, ']') +
                             "," + base.config.substr(1);
  const std::string name = testing::Sha256Of(config) + ".json";
  TarMember* entry = base.Find(base.config_entry);
  entry->name = name;
  entry->data = config;
  auto manifest = Json::parse(base.Find("manifest.json")->data);
  manifest[0]["Config"] = name;
  base.Find("manifest.json")->data = manifest.dump();
  base.config = config;
  base.config_entry = name;
  return base;
}

// An image config is parsed with the bound of strict JSON (64 levels): at the limit it is read
// (and WriteImage copies it, image_writer_test.cc); beyond it, and at the 65,000 levels that
// crashed issue when the config was re-serialised, it is malformed, naming the archive and
// the config entry.
TEST_F(ImageArchiveTest, ConfigNestedAtTheLimitIsRead) {
  auto image = ReadImageArchive(Write(BaseWithDeepConfig(64)));
  ASSERT_OK(image);
  int depth = 1;  // the config object
  for (const Json* at = &image->config["deep"]; at->is_array(); at = &(*at)[0]) {
    ++depth;
    if (at->empty()) break;
  }
  EXPECT_EQ(depth, 64);
}

TEST_F(ImageArchiveTest, ConfigNestedBeyondTheLimitIsMalformed) {
  for (int depth : {65, 65000, 100000}) {
    const BaseArchive base = BaseWithDeepConfig(depth);
    const std::string path = Write(base);
    auto image = ReadImageArchive(path);
    ASSERT_THAT(image, testing::HasError(ErrorCode::kMalformed)) << depth;
    const std::string& message = image.error().message();
    EXPECT_TRUE(message.starts_with(path + ": config " + base.config_entry)) << message;
    EXPECT_NE(message.find("more than 64 levels deep"), std::string::npos) << message;
  }
}

TEST_F(ImageArchiveTest, DuplicateLayerAsSymlinkOrHardlink) {
  for (auto duplicate : {BaseOptions::Duplicate::kSymlink, BaseOptions::Duplicate::kHardlink}) {
    BaseArchive base = MakeBaseArchive(BaseForm::kDockerLegacy, {.duplicate = duplicate});
    auto image = ReadImageArchive(Write(base));
    ASSERT_OK(image);
    ASSERT_EQ(image->layers.size(), 4u);
    EXPECT_EQ(image->layers[3].entry, image->layers[0].entry);  // the link, resolved
    EXPECT_EQ(image->layers[3].diff_id, image->layers[0].diff_id);
    EXPECT_EQ(CopyLayer(*image, 3), base.layers[0]);
  }
}

TEST_F(ImageArchiveTest, LinkedDirectoryIsFollowed) {
  // "<id>/layer.tar" reached through a symlinked directory, as FollowSymlinkInScope would.
  BaseArchive base = MakeBaseArchive(BaseForm::kDockerLegacy);
  std::string id = base.layer_entries[2].substr(0, 64);
  TarMember moved = *base.Find(id + "/layer.tar");
  base.Remove(id + "/layer.tar");
  base.Remove(id + "/VERSION");
  base.Remove(id + "/");
  moved.name = "elsewhere/layer.tar";
  base.members.insert(base.members.begin(),
                      {testing::Directory("elsewhere/"), moved, testing::Symlink(id, "elsewhere")});
  auto image = ReadImageArchive(Write(base));
  ASSERT_OK(image);
  EXPECT_EQ(image->layers[2].entry, "elsewhere/layer.tar");
}

TEST_F(ImageArchiveTest, NestedIndexTakesLinuxAmd64) {
  BaseArchive base = MakeBaseArchive(BaseForm::kOciArchive, {.nested_index = true});
  auto image = ReadImageArchive(Write(base));
  ASSERT_OK(image);
  EXPECT_EQ(image->config["architecture"], "amd64");
  EXPECT_EQ(image->config_digest, DigestOf(base.config));
}

TEST_F(ImageArchiveTest, TwoNamesOfOneImageInIndex) {
  // docker 25 lists one descriptor per tag of the image saved.
  BaseArchive base = MakeBaseArchive(BaseForm::kDockerOci);
  auto index = nlohmann::json::parse(base.Find("index.json")->data);
  auto second = index["manifests"][0];
  second["annotations"]["io.containerd.image.name"] = "docker.io/test/base:2";
  second["annotations"]["org.opencontainers.image.ref.name"] = "2";
  index["manifests"].push_back(second);
  base.Find("index.json")->data = index.dump();
  base.Remove("manifest.json");
  auto image = ReadImageArchive(Write(base));
  ASSERT_OK(image);
  EXPECT_EQ(image->form, ImageArchiveForm::kOciArchive);
  EXPECT_EQ(image->repo_tags,
            (std::vector<std::string>{"docker.io/test/base:1", "docker.io/test/base:2"}));
}

TEST_F(ImageArchiveTest, LayersUnhashedWhenNotVerifying) {
  // verify_layers = false: the big uncompressed layer is skipped (a seek), its digest is the
  // one declared; a changed byte in it is found when it is copied, not when it is read.
  BaseArchive base = MakeBaseArchive(BaseForm::kDockerOci);
  const std::string path = Write(base);
  auto verified = ReadImageArchive(path);
  ASSERT_OK(verified);
  auto unverified = ReadImageArchive(path, {.verify_layers = false});
  ASSERT_OK(unverified);
  for (std::size_t i = 0; i < base.layers.size(); ++i) {
    EXPECT_EQ(unverified->layers[i].digest, verified->layers[i].digest);
    EXPECT_EQ(unverified->layers[i].diff_id, verified->layers[i].diff_id);
    EXPECT_EQ(unverified->layers[i].size, verified->layers[i].size);
  }
  base.Find(base.layer_entries[1])->data[3000] ^= 1;
  Write(base);
  auto unchecked = ReadImageArchive(path, {.verify_layers = false});
  ASSERT_OK(unchecked);
  Status copy = CopyImageLayer(*unchecked, 1, [](ByteView) { return Ok(); });
  ASSERT_FALSE(copy.ok());
  EXPECT_EQ(copy.error().code(), ErrorCode::kMalformed);
  EXPECT_NE(copy.error().message().find("but the config's rootfs.diff_ids[1] says"),
            std::string::npos)
      << copy.error().message();
}

TEST_F(ImageArchiveTest, TruncatedFoundWithoutHashing) {
  // Cut inside the big layer: skipping its data is a seek, which must not pass the end.
  BaseArchive base = MakeBaseArchive(BaseForm::kDockerLegacy);
  std::string tar = base.Tar();
  const std::string path = Path("base.tar");
  testing::WriteBytes(path, tar.substr(0, tar.size() / 2));
  auto image = ReadImageArchive(path, {.verify_layers = false});
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.error().code(), ErrorCode::kMalformed);
  EXPECT_NE(image.error().message().find(path + " is truncated or not a tar archive"),
            std::string::npos)
      << image.error().message();
}

TEST_F(ImageArchiveTest, CopyDetectsArchiveModifiedAfterReading) {
  for (bool gzip : {false, true}) {
    SCOPED_TRACE(gzip ? "gzip layers" : "plain layers");
    BaseArchive base = MakeBaseArchive(BaseForm::kDockerLegacy, {.gzip_layers = gzip});
    const std::string path = Write(base);
    auto image = ReadImageArchive(path);
    ASSERT_OK(image);
    // Same size, same entries, one byte of layer 1 different.
    TarMember* layer = base.Find(base.layer_entries[1]);
    layer->data[layer->data.size() / 2] ^= 0x40;
    Write(base);
    std::uint64_t copied = 0;
    Status status = CopyImageLayer(*image, 1, [&](ByteView block) {
      copied += block.size();
      return Ok();
    });
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code(), ErrorCode::kMalformed);
    EXPECT_NE(status.error().message().find(path + ": layer 1"), std::string::npos)
        << status.error().message();
    auto files = ReadLayerFiles(*image, 1, 2 << 20);
    ASSERT_FALSE(files.ok());
    EXPECT_EQ(files.error().code(), ErrorCode::kMalformed);
    // Layer 0 is untouched and still copies.
    EXPECT_EQ(CopyLayer(*image, 0), base.layers[0]);
  }
}

TEST_F(ImageArchiveTest, CopyFailsWhenTheEntryIsGone) {
  BaseArchive base = MakeBaseArchive(BaseForm::kOciArchive);
  const std::string path = Write(base);
  auto image = ReadImageArchive(path);
  ASSERT_OK(image);
  base.Remove(base.layer_entries[2]);
  Write(base);
  Status status = CopyImageLayer(*image, 2, [](ByteView) { return Ok(); });
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message().find("changed since it was read"), std::string::npos)
      << status.error().message();
}

TEST_F(ImageArchiveTest, SinkErrorStopsTheCopy) {
  BaseArchive base = MakeBaseArchive(BaseForm::kDockerLegacy);
  auto image = ReadImageArchive(Write(base));
  ASSERT_OK(image);
  Status status = CopyImageLayer(
      *image, 1, [](ByteView) { return Status(Error(ErrorCode::kIo, "disk full")); });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kIo);
}

TEST_F(ImageArchiveTest, MissingFileAndDirectory) {
  auto missing = ReadImageArchive(Path("nope.tar"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message().find(Path("nope.tar")), std::string::npos);
  // Not a regular file: a wrong request (exit 3, docs/cli.md "Bad input"), not a malformed
  // archive; a FIFO is refused without waiting for a writer.
  auto directory = ReadImageArchive(dir_.string());
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(directory.error().message().find("is a directory"), std::string::npos);
  ASSERT_EQ(::mkfifo(Path("fifo.tar").c_str(), 0600), 0);
  auto fifo = ReadImageArchive(Path("fifo.tar"));
  ASSERT_FALSE(fifo.ok());
  EXPECT_EQ(fifo.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(fifo.error().message().find(Path("fifo.tar") + " is not a regular file"),
            std::string::npos)
      << fifo.error().message();
}

TEST_F(ImageArchiveTest, StandInBaseImage) {
  const std::string path = FRLIC_SOURCE_DIR "/templates/container/base-image.tar";
  auto image = ReadImageArchive(path);
  ASSERT_OK(image);
  EXPECT_EQ(image->form, ImageArchiveForm::kDockerLegacy);
  EXPECT_EQ(image->repo_tags, std::vector<std::string>{"fanruan/license-server-base:stand-in"});
  EXPECT_EQ(image->config["architecture"], "amd64");
  EXPECT_EQ(image->config["config"]["WorkingDir"], "/app");
  ASSERT_EQ(image->layers.size(), 1u);
  auto files = ReadLayerFiles(*image, 0, 1 << 20);
  ASSERT_OK(files);
  std::map<std::string, std::string> by_path;
  for (const auto& [name, bytes] : *files) by_path[name] = std::string(AsText(bytes));
  EXPECT_NE(by_path["etc/os-release"].find("frlic stand-in base image"), std::string::npos);
  EXPECT_NE(by_path["app/bin/fanruan-license-server"].find("stand-in"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(FRLIC_SOURCE_DIR "/templates/container/STAND-IN"));
}

// ---- corrupt variants: each must be kMalformed with a message naming the problem ----

struct CorruptCase {
  const char* name;
  std::function<std::string()> archive;  // the file's bytes
  std::vector<std::string> message_has;  // "{path}" stands for the file's path
};

std::string ReplaceConfig(BaseArchive& base, const std::string& config) {
  // Legacy form: the config under its new digest's name, manifest.json pointing to it.
  base.Remove(base.config_entry);
  const std::string name = testing::Sha256Of(config) + ".json";
  base.members.push_back(testing::File(name, config));
  auto manifest = nlohmann::json::parse(base.Find("manifest.json")->data);
  manifest[0]["Config"] = name;
  base.Find("manifest.json")->data = manifest.dump();
  return base.Tar();
}

// The two bases every corrupt case starts from a copy of, built on first use: naming the cases
// (which gtest does in every process) must not build them.
const BaseArchive& LegacyBase() {
  static const BaseArchive base = MakeBaseArchive(BaseForm::kDockerLegacy);
  return base;
}
const BaseArchive& OciBase() {
  static const BaseArchive base = MakeBaseArchive(BaseForm::kOciArchive);
  return base;
}

std::vector<CorruptCase> CorruptCases() {
  using nlohmann::json;
  auto legacy = []() -> const BaseArchive& { return LegacyBase(); };
  auto oci = []() -> const BaseArchive& { return OciBase(); };
  return {
      {"LegacyLayerNotItsDiffId",
       [=] {
         BaseArchive base = legacy();
         base.Find(base.layer_entries[1])->data[3000] ^= 1;
         return base.Tar();
       },
       {"{path}: layer 1 (", "/layer.tar) has sha256:",
        "but the config's rootfs.diff_ids[1] says " + legacy().diff_ids[1]}},
      {"OciLayerNotItsDigest",
       [=] {
         BaseArchive base = oci();
         base.Find(base.layer_entries[0])->data[600] ^= 1;
         return base.Tar();
       },
       {"{path}: " + oci().layer_entries[0] + " has sha256:", "but manifest blobs/sha256/"}},
      {"OciLayerSize",
       [=] {
         BaseArchive base = oci();
         base.Find(base.layer_entries[2])->data += "x";
         return base.Tar();
       },
       {oci().layer_entries[2], "bytes but manifest blobs/sha256/"}},
      {"OciDiffIdInConfig",
       [=] {
         BaseOptions options;
         options.edit_config = [](json& config) {
           config["rootfs"]["diff_ids"][2] = DigestOf("another layer");
         };
         return MakeBaseArchive(BaseForm::kOciArchive, options).Tar();
       },
       {"layer 2 (", "but the config's rootfs.diff_ids[2] says " + DigestOf("another layer")}},
      {"GzipLayerDecompressesToOther",
       [=] {
         BaseOptions options{.gzip_layers = true};
         options.edit_config = [](json& config) {
           config["rootfs"]["diff_ids"][0] = DigestOf("another layer");
         };
         return MakeBaseArchive(BaseForm::kDockerLegacy, options).Tar();
       },
       {"layer 0 (", ") decompresses to sha256:", "rootfs.diff_ids[0] says"}},
      {"LegacyConfigNotItsName",
       [=] {
         BaseArchive base = legacy();
         base.Find(base.config_entry)->data += " ";
         return base.Tar();
       },
       {"config " + legacy().config_entry + " has sha256:", "but its name says sha256:"}},
      {"OciConfigNotItsDigest",
       [=] {
         BaseArchive base = oci();
         std::string& config = base.Find(base.config_entry)->data;
         config[config.size() - 2] = ' ';
         return base.Tar();
       },
       {oci().config_entry + " has sha256:"}},
      {"NoManifest",
       [=] {
         BaseArchive base = legacy();
         base.Remove("manifest.json");
         return base.Tar();
       },
       {"{path} is not an image archive: it has neither manifest.json nor index.json"}},
      {"NoIndex",
       [=] {
         BaseArchive base = oci();
         base.Remove("index.json");
         return base.Tar();
       },
       {"{path} is not an image archive"}},
      {"NoOciLayout",
       [=] {
         BaseArchive base = oci();
         base.Remove("oci-layout");
         return base.Tar();
       },
       {"has index.json but no oci-layout"}},
      {"Truncated",
       [=] {
         std::string tar = legacy().Tar();
         return tar.substr(0, tar.size() * 6 / 10);
       },
       {"{path} is truncated or not a tar archive: "}},
      {"TruncatedGzipArchive",
       [=] {
         std::string tar = legacy().Tar(true);
         return tar.substr(0, tar.size() / 2);
       },
       {"{path} is truncated or not a tar archive: "}},
      {"NotATar",
       [] { return std::string(4096, 'x'); },
       {"{path} is truncated or not a tar archive: "}},
      {"LayerLinkLeavesArchive",
       [=] {
         BaseArchive base = legacy();
         TarMember* layer = base.Find(base.layer_entries[0]);
         *layer = testing::Symlink(layer->name, "../../etc/passwd");
         return base.Tar();
       },
       {"link " + legacy().layer_entries[0] + " -> ../../etc/passwd", "leaves the archive"}},
      {"LayerLinkAbsolute",
       [=] {
         BaseArchive base = legacy();
         TarMember* layer = base.Find(base.layer_entries[0]);
         *layer = testing::Symlink(layer->name, "/etc/passwd");
         return base.Tar();
       },
       {"-> /etc/passwd", "leaves the archive"}},
      {"LayerLinksLoop",
       [=] {
         BaseArchive base = legacy();
         TarMember* layer = base.Find(base.layer_entries[0]);
         *layer = testing::Symlink(layer->name, "layer.tar");
         return base.Tar();
       },
       {"loop"}},
      {"HardlinkLeavesArchive",
       [=] {
         BaseArchive base = legacy();
         TarMember* layer = base.Find(base.layer_entries[0]);
         *layer = testing::Hardlink(layer->name, "../outside");
         return base.Tar();
       },
       {"hard link", "leaves the archive"}},
      {"EntryLeavesArchive",
       [=] {
         BaseArchive base = legacy();
         base.members.push_back(testing::File("../evil", "x"));
         return base.Tar();
       },
       {"entry \"../evil\" leaves the archive"}},
      {"TwoEntriesOneName",
       [=] {
         BaseArchive base = legacy();
         base.members.push_back(testing::File("manifest.json", "[]"));
         return base.Tar();
       },
       {"holds two entries named manifest.json"}},
      {"TwoImagesInManifestJson",
       [=] {
         BaseArchive base = legacy();
         auto manifest = json::parse(base.Find("manifest.json")->data);
         manifest.push_back(manifest[0]);
         base.Find("manifest.json")->data = manifest.dump();
         return base.Tar();
       },
       {"manifest.json holds 2 images; frlic takes one"}},
      {"TwoImagesInIndex",
       [=] {
         BaseArchive base = MakeBaseArchive(BaseForm::kOciArchive, {.nested_index = true});
         // The nested index's two manifests, listed at the top instead.
         auto index = json::parse(base.Find("index.json")->data);
         std::string nested_hex = index["manifests"][0]["digest"].get<std::string>().substr(7);
         auto nested = json::parse(base.Find("blobs/sha256/" + nested_hex)->data);
         index["manifests"] = nested["manifests"];
         base.Find("index.json")->data = index.dump();
         return base.Tar();
       },
       {"index.json holds 2 images; frlic takes one"}},
      {"MissingLayer",
       [=] {
         BaseArchive base = legacy();
         base.Remove(base.layer_entries[1]);
         return base.Tar();
       },
       {"manifest.json names " + legacy().layer_entries[1], "which is not in it"}},
      {"DiffIdCount",
       [=] {
         BaseArchive base = legacy();
         auto config = json::parse(base.config);
         config["rootfs"]["diff_ids"].push_back(DigestOf("extra"));
         return ReplaceConfig(base, config.dump());
       },
       {"rootfs.diff_ids lists 4 layers but manifest.json lists 3"}},
      {"RootfsType",
       [=] {
         BaseArchive base = legacy();
         auto config = json::parse(base.config);
         config["rootfs"]["type"] = "squashfs";
         return ReplaceConfig(base, config.dump());
       },
       {"rootfs.type is \"squashfs\"; expected \"layers\""}},
      {"ConfigNotAnObject",
       [=] {
         BaseArchive base = legacy();
         return ReplaceConfig(base, "[1,2]");
       },
       {"must be a JSON object"}},
      {"ConfigDuplicateKey",
       [=] {
         BaseArchive base = legacy();
         std::string config = base.config;
         config.insert(1, R"("os":"windows",)");
         return ReplaceConfig(base, config);
       },
       {"has the object key \"os\" more than once"}},
      {"GzipLayerCalledPlain",
       [=] {
         BaseArchive base = MakeBaseArchive(BaseForm::kOciArchive, {.gzip_layers = true});
         // Rewrite the manifest's media types to plain tar (new manifest digest, new index).
         auto index = json::parse(base.Find("index.json")->data);
         std::string hex = index["manifests"][0]["digest"].get<std::string>().substr(7);
         auto manifest = json::parse(base.Find("blobs/sha256/" + hex)->data);
         for (auto& layer : manifest["layers"]) {
           layer["mediaType"] = "application/vnd.oci.image.layer.v1.tar";
         }
         std::string text = manifest.dump();
         base.Remove("blobs/sha256/" + hex);
         base.members.push_back(testing::File("blobs/sha256/" + testing::Sha256Of(text), text));
         index["manifests"][0]["digest"] = DigestOf(text);
         index["manifests"][0]["size"] = text.size();
         base.Find("index.json")->data = index.dump();
         return base.Tar();
       },
       {"layer 0 (", "is gzip-compressed but"}},
      {"ZstdLayer",
       [=] {
         BaseArchive base = oci();
         auto index = json::parse(base.Find("index.json")->data);
         std::string hex = index["manifests"][0]["digest"].get<std::string>().substr(7);
         auto manifest = json::parse(base.Find("blobs/sha256/" + hex)->data);
         manifest["layers"][1]["mediaType"] = "application/vnd.oci.image.layer.v1.tar+zstd";
         std::string text = manifest.dump();
         base.members.push_back(testing::File("blobs/sha256/" + testing::Sha256Of(text), text));
         index["manifests"][0]["digest"] = DigestOf(text);
         index["manifests"][0]["size"] = text.size();
         base.Find("index.json")->data = index.dump();
         return base.Tar();
       },
       {"layers[1] has media type application/vnd.oci.image.layer.v1.tar+zstd"}},
      {"GzipLayerDataChanged",
       [=] {
         // Incompressible data is deflated as stored blocks: changed bytes still inflate, and
         // libarchive does not check gzip's CRC; the diff_id finds them.
         BaseArchive base = MakeBaseArchive(BaseForm::kDockerLegacy, {.gzip_layers = true});
         std::string& layer = base.Find(base.layer_entries[1])->data;
         for (std::size_t i = 2000; i < 2400; ++i) layer[i] = 0;
         return base.Tar();
       },
       {"layer 1 (", ") decompresses to sha256:", "rootfs.diff_ids[1] says"}},
      {"GzipLayerBadHeader",
       [=] {
         BaseArchive base = MakeBaseArchive(BaseForm::kDockerLegacy, {.gzip_layers = true});
         base.Find(base.layer_entries[1])->data[3] = '\xe0';  // reserved FLG bits
         return base.Tar();
       },
       {"entry " + legacy().layer_entries[1] +
        " starts with the gzip magic but is not a gzip "
        "stream"}},
      {"GzipLayerCut",
       [=] {
         BaseArchive base = MakeBaseArchive(BaseForm::kDockerLegacy, {.gzip_layers = true});
         std::string& layer = base.Find(base.layer_entries[0])->data;
         layer.resize(layer.size() / 2);
         return base.Tar();
       },
       {"entry " + legacy().layer_entries[0] + " is not a valid gzip stream"}},
      {"EmptyFile", [] { return std::string(); }, {"{path} is truncated or not a tar archive"}},
      {"DockerOciConfigsDiffer",
       [=] {
         // manifest.json names another (valid) config than the OCI manifest does.
         BaseArchive base = MakeBaseArchive(BaseForm::kDockerOci);
         auto config = json::parse(base.config);
         config["architecture"] = "arm64";
         std::string text = config.dump();
         std::string name = "blobs/sha256/" + testing::Sha256Of(text);
         base.members.insert(base.members.begin() + 2, testing::File(name, text));
         auto manifest = json::parse(base.Find("manifest.json")->data);
         manifest[0]["Config"] = name;
         base.Find("manifest.json")->data = manifest.dump();
         return base.Tar();
       },
       {"manifest.json and index.json describe different images"}},
      {"DockerOciViewsDisagree",
       [=] {
         BaseArchive base = MakeBaseArchive(BaseForm::kDockerOci);
         // manifest.json names the layers of another image (one fewer layer).
         auto manifest = json::parse(base.Find("manifest.json")->data);
         manifest[0]["Layers"].erase(2);
         base.Find("manifest.json")->data = manifest.dump();
         return base.Tar();
       },
       {"rootfs.diff_ids lists 3 layers but manifest.json lists 2"}},
  };
}

// Built once per process: gtest registers the parameterized tests (and names them) in every
// process, and ctest starts one process per test.
const std::vector<CorruptCase>& AllCorruptCases() {
  static const std::vector<CorruptCase> cases = CorruptCases();
  return cases;
}

class ImageArchiveCorruptTest : public frlic::testing::TempDirTest,
                                public ::testing::WithParamInterface<std::size_t> {};

TEST_P(ImageArchiveCorruptTest, IsMalformed) {
  const CorruptCase& c = AllCorruptCases()[GetParam()];
  const std::string path = Path("base.tar");
  testing::WriteBytes(path, c.archive());
  auto image = ReadImageArchive(path);
  ASSERT_FALSE(image.ok()) << c.name;
  EXPECT_EQ(image.error().code(), ErrorCode::kMalformed) << image.error().message();
  for (std::string expected : c.message_has) {
    if (auto at = expected.find("{path}"); at != std::string::npos) expected.replace(at, 6, path);
    EXPECT_NE(image.error().message().find(expected), std::string::npos)
        << c.name << ": message \"" << image.error().message() << "\" lacks \"" << expected << "\"";
  }
}

INSTANTIATE_TEST_SUITE_P(ImageVariants, ImageArchiveCorruptTest,
                         ::testing::Range<std::size_t>(0, AllCorruptCases().size()),
                         [](const ::testing::TestParamInfo<std::size_t>& info) {
                           return std::string(AllCorruptCases()[info.param].name);
                         });

}  // namespace
}  // namespace frlic
