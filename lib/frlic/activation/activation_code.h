// QR activation (seeds 000 and 003): what the product puts in the QR code, and the 6-digit
// code the vendor's page answers, which the product checks offline (docs/formats.md,
// "Activation").
#pragma once

#include <string>
#include <string_view>

#include "frlic/core/clock.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"

namespace frlic {

inline constexpr int kActivationVersion = 1;
// A QR code (and its code) is valid for five minutes after the product showed it.
inline constexpr UnixSeconds kQrValidity = 300;
// How far a payload may be dated after the verifier's "now" (clock skew).
inline constexpr UnixSeconds kActivationClockSkew = 60;
// The vendor page's address that products put in the QR unless configured otherwise.
inline constexpr char kDefaultActivationUrl[] = "https://activate.fanruan.com/a";

struct ActivationPayload {
  std::string serial;   // the licence's serial
  std::string key_id;   // the issuer key that signed the licence (selects the secret)
  std::string project;  // the project's fingerprint: 32 lower-case hex
  std::string nonce;    // 16 lower-case hex, fresh per QR
  UnixSeconds shown_at = 0;
};

// "v=1&s=<serial>&k=<key id>&p=<project>&n=<nonce>&t=<unix seconds>": the exact bytes the
// code is bound to, and the query string of the URL.
std::string ActivationQuery(const ActivationPayload& payload);
// base_url + "?" + query.
std::string ActivationUrl(std::string_view base_url, const ActivationPayload& payload);
// Reads a URL (anything up to a "?", then the query) or a bare query. Strict: exactly the six
// parameters in that order, each well-formed; kMalformed naming every problem (`source` names
// where it came from: a file, "the QR image", "the request").
Result<ActivationPayload> ParseActivation(std::string_view url_or_query, const std::string& source);

// The project's fingerprint from the product's project identity (its install id).
std::string ProjectFingerprint(std::string_view project_identity);

// The activation secret of an issuer signing key: HMAC-SHA256(seed, label). Products embed it
// (frlic keys export-activation-secret) to check codes offline; it reveals nothing about the
// signing key.
SecretBytes DeriveActivationSecret(const SecretBytes& signing_seed);

// The 6-digit code for `payload`: HMAC-SHA256 keyed with
// HMAC-SHA256(activation_secret, "frlic activation key v1\n" + serial) over
// "frlic activation code v1\n" + ActivationQuery(payload), dynamic truncation as HOTP
// (RFC 4226 5.3), modulo 10^6, zero-padded.
std::string ActivationCode(const SecretBytes& activation_secret, const ActivationPayload& payload);

// Whether `code` is `payload`'s code, in constant time.
bool ActivationCodeMatches(const SecretBytes& activation_secret, const ActivationPayload& payload,
                           std::string_view code);

}  // namespace frlic
