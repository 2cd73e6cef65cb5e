// frlic's verifier library, for the product teams whose programs read what frlic signs: the
// product (Container.lic), the licence server (FanruanLicenseServer.zip's config/license.json)
// and the container component (the image's license.json). It verifies a file against the
// issuer's public signing keys and gives the verdict docs/formats.md specifies (sections 5.1,
// 8.3, 9.8), as frlic's own tests check it. It needs no private key, no ledger and no CLI.
//
// Use: find_package(frlic CONFIG REQUIRED) and link frlic::verifier, or
// `pkg-config --cflags --libs frlic`. The API is this header alone, in standard C++20 types;
// the library exports nothing else.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#if defined(FRLIC_VERIFIER_BUILDING)
#define FRLIC_VERIFIER_API __attribute__((visibility("default")))
#else
#define FRLIC_VERIFIER_API
#endif

namespace frlic::verifier {

// The library's version, "MAJOR.MINOR.PATCH" (frlic's).
FRLIC_VERIFIER_API std::string Version();

// The issuer signing keys a program trusts: the PEM public keys (RFC 8410) of the issuer's
// keyring, keys/signing-KEYID.pub.pem, built into the program.
class FRLIC_VERIFIER_API TrustedKeys {
 public:
  // nullopt, with the reason in *error, when a text is not an Ed25519 public key PEM.
  static std::optional<TrustedKeys> FromPem(const std::vector<std::string>& pems,
                                            std::string* error = nullptr);
  TrustedKeys(TrustedKeys&&) noexcept;
  TrustedKeys& operator=(TrustedKeys&&) noexcept;
  ~TrustedKeys();
  // The key ids (section 3.1) of the trusted keys.
  std::vector<std::string> key_ids() const;

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  explicit TrustedKeys(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// What the product knows about the deployment it runs in (section 5.1). An empty string or an
// absent number is a fact not known: its check is skipped and named in `not_checked`.
struct DeploymentFacts {
  std::string product;  // FineDataLink, FineReport, FineBI
  std::string version;  // e.g. "4.1.5"
  std::string app_name;
  std::optional<std::int64_t> nodes;
  std::string project_content;
  std::int64_t now = 0;  // Unix seconds, UTC
};

// The product's verdict on a Container.lic (section 5.1).
struct ContainerVerdict {
  bool accepted = false;
  // Every failing reason in the product's order ("License Expired", "Version Mismatch", ...),
  // each with the product's prompt; "Incorrect License Format" alone for a file that does not
  // verify or read, with why in `format_error`.
  std::vector<std::string> reasons;
  std::vector<std::string> prompts;
  std::string format_error;
  std::vector<std::string> not_checked;  // facts the licence restricts that were not given
  // When the file verified:
  std::string serial;
  std::string order_id;
  std::string key_id;
  std::string expires;  // YYYY-MM-DD, the last valid day
};
FRLIC_VERIFIER_API ContainerVerdict CheckContainerLicence(std::span<const std::uint8_t> file,
                                                          const TrustedKeys& keys,
                                                          const DeploymentFacts& facts);

// The licence server's answer to a product's registration request (section 8.3): `code` 0 when
// accepted, else the first failing check's code (10000, 10001, 30000 ... 30007), with its name
// ("LICENSE_EXPIRED", ...) and the reason in words.
struct ServerAnswer {
  int code = 0;
  std::string name;
  std::string detail;
};

// A verified server licence (config/license.json of FanruanLicenseServer.zip, section 8.2) or
// component licence (the container image's /app/config/license.json, section 9.2).
class FRLIC_VERIFIER_API SignedLicence {
 public:
  // Verifies `file` against `keys` and reads it; nullopt, with the reason in *error, when it
  // does not verify or is not a licence of that kind.
  static std::optional<SignedLicence> OpenServerLicence(std::span<const std::uint8_t> file,
                                                        const TrustedKeys& keys,
                                                        std::string* error = nullptr);
  static std::optional<SignedLicence> OpenComponentLicence(std::span<const std::uint8_t> file,
                                                           const TrustedKeys& keys,
                                                           std::string* error = nullptr);
  SignedLicence(SignedLicence&&) noexcept;
  SignedLicence& operator=(SignedLicence&&) noexcept;
  ~SignedLicence();

  const std::string& serial() const;
  const std::string& order_id() const;
  const std::string& key_id() const;
  std::string expires() const;  // YYYY-MM-DD, the last valid day
  std::int64_t capacity() const;
  std::uint16_t port() const;  // the access port the licence gives

  // The server's answer to `request_json` (the product's request, section 8.3) at `now` (Unix
  // seconds, UTC).
  ServerAnswer Judge(std::string_view request_json, std::int64_t now) const;

  struct Impl;

 private:
  explicit SignedLicence(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace frlic::verifier
