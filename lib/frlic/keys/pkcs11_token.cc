#include "frlic/keys/pkcs11_token.h"

#include <p11-kit/p11-kit.h>
#include <p11-kit/pkcs11.h>
#include <p11-kit/uri.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <optional>
#include <vector>

namespace frlic {
namespace {

// The DER of the Ed25519 OID 1.3.101.112 (RFC 8410): CKA_EC_PARAMS of an Ed25519 key pair.
constexpr std::uint8_t kEd25519Params[] = {0x06, 0x03, 0x2B, 0x65, 0x70};

std::string RvText(CK_RV rv) {
  // The names support looks up, for the errors a user can cause.
  static constexpr std::pair<CK_RV, const char*> kNames[] = {
      {CKR_PIN_INCORRECT, "CKR_PIN_INCORRECT"},
      {CKR_PIN_LOCKED, "CKR_PIN_LOCKED"},
      {CKR_PIN_EXPIRED, "CKR_PIN_EXPIRED"},
      {CKR_PIN_LEN_RANGE, "CKR_PIN_LEN_RANGE"},
      {CKR_TOKEN_NOT_PRESENT, "CKR_TOKEN_NOT_PRESENT"},
      {CKR_TOKEN_WRITE_PROTECTED, "CKR_TOKEN_WRITE_PROTECTED"},
      {CKR_USER_NOT_LOGGED_IN, "CKR_USER_NOT_LOGGED_IN"},
      {CKR_MECHANISM_INVALID, "CKR_MECHANISM_INVALID"},
      {CKR_KEY_TYPE_INCONSISTENT, "CKR_KEY_TYPE_INCONSISTENT"},
      {CKR_KEY_FUNCTION_NOT_PERMITTED, "CKR_KEY_FUNCTION_NOT_PERMITTED"},
      {CKR_DEVICE_MEMORY, "CKR_DEVICE_MEMORY"},
      {CKR_DEVICE_ERROR, "CKR_DEVICE_ERROR"},
  };
  char code[32];
  std::snprintf(code, sizeof code, "CKR 0x%08lX", static_cast<unsigned long>(rv));
  for (const auto& [value, name] : kNames) {
    if (value == rv) std::snprintf(code, sizeof code, "%s", name);
  }
  const char* text = p11_kit_strerror(rv);
  return std::string(text != nullptr ? text : "unknown error") + " (" + code + ")";
}

Error TokenError(const std::string& uri, const std::string& doing, CK_RV rv) {
  const ErrorCode code = rv == CKR_PIN_INCORRECT || rv == CKR_PIN_LOCKED || rv == CKR_PIN_EXPIRED ||
                                 rv == CKR_PIN_LEN_RANGE
                             ? ErrorCode::kRefused
                             : ErrorCode::kIo;
  std::string hint;
  if (rv == CKR_PIN_INCORRECT) hint = "check the PIN (FRLIC_PKCS11_PIN, --pin-file, --pin-fd)";
  if (rv == CKR_PIN_LOCKED) hint = "the token locked its user PIN; its security officer resets it";
  return Error(code, "PKCS#11 token key " + uri + ": " + doing + ": " + RvText(rv), hint);
}

// A parsed pkcs11: URI.
class Uri {
 public:
  static Result<Uri> Parse(const std::string& text) {
    Uri uri(text);
    if (uri.parsed_ == nullptr) return Error(ErrorCode::kInternal, "out of memory");
    const int parsed = p11_kit_uri_parse(text.c_str(), P11_KIT_URI_FOR_ANY, uri.parsed_);
    if (parsed != P11_KIT_URI_OK) {
      return Error(ErrorCode::kInvalidInput,
                   "'" + text + "' is not a PKCS#11 URI: " + p11_kit_uri_message(parsed),
                   "write it as RFC 7512 says, e.g. "
                   "pkcs11:token=frlic;object=frlic-signing?module-path=/usr/lib/x86_64-linux-"
                   "gnu/softhsm/libsofthsm2.so");
    }
    return uri;
  }
  Uri(Uri&& other) noexcept : text_(std::move(other.text_)), parsed_(other.parsed_) {
    other.parsed_ = nullptr;
  }
  ~Uri() {
    if (parsed_ != nullptr) p11_kit_uri_free(parsed_);
  }

  const std::string& text() const { return text_; }
  P11KitUri* get() const { return parsed_; }
  const CK_ATTRIBUTE* Attribute(CK_ATTRIBUTE_TYPE type) const {
    return p11_kit_uri_get_attribute(parsed_, type);
  }
  bool NamesToken() const {
    const CK_TOKEN_INFO* token = p11_kit_uri_get_token_info(parsed_);
    return token->label[0] != 0 || token->serialNumber[0] != 0;
  }
  bool NamesKey() const { return Attribute(CKA_LABEL) != nullptr || Attribute(CKA_ID) != nullptr; }
  std::string ModulePath() const {
    const char* path = p11_kit_uri_get_module_path(parsed_);
    return path != nullptr ? path : "";
  }

 private:
  explicit Uri(std::string text) : text_(std::move(text)), parsed_(p11_kit_uri_new()) {}
  std::string text_;
  P11KitUri* parsed_;
};

}  // namespace

Status CheckTokenKeyUri(const std::string& text) {
  FRLIC_ASSIGN_OR_RETURN(Uri uri, Uri::Parse(text));
  std::vector<std::string> wrong;
  if (p11_kit_uri_get_pin_value(uri.get()) != nullptr ||
      p11_kit_uri_get_pin_source(uri.get()) != nullptr) {
    wrong.push_back(
        "it holds a PIN (pin-value or pin-source): a keyring keeps no secret; give the PIN "
        "with FRLIC_PKCS11_PIN, --pin-file or --pin-fd");
  }
  if (!uri.NamesToken()) wrong.push_back("it names no token (token= or serial=)");
  if (!uri.NamesKey()) wrong.push_back("it names no key (object= or id=)");
  if (wrong.empty()) return Ok();
  std::string message = "PKCS#11 URI " + text + " cannot name a signing key: ";
  for (std::size_t i = 0; i < wrong.size(); ++i) message += (i == 0 ? "" : "; ") + wrong[i];
  return Error(ErrorCode::kInvalidInput, message);
}

// The open session and what it found. Every call on the session holds `lock`.
struct TokenKey::Session {
  std::string uri;
  CK_FUNCTION_LIST* module = nullptr;       // the module that has the token
  CK_FUNCTION_LIST* loaded = nullptr;       // a module loaded from the URI's module-path
  CK_FUNCTION_LIST** configured = nullptr;  // or every module p11-kit is configured with
  CK_SESSION_HANDLE handle = CK_INVALID_HANDLE;
  bool logged_in = false;
  CK_OBJECT_HANDLE private_key = CK_INVALID_HANDLE;
  std::optional<Ed25519PublicKey> public_key;
  mutable std::mutex lock;

  ~Session() {
    if (handle != CK_INVALID_HANDLE) {
      if (logged_in) module->C_Logout(handle);
      module->C_CloseSession(handle);
    }
    if (loaded != nullptr) {
      p11_kit_module_finalize(loaded);
      p11_kit_module_release(loaded);
    }
    if (configured != nullptr) p11_kit_modules_finalize_and_release(configured);
  }

  // Loads the module(s), finds the one token the URI names and opens a read-write session.
  Status OpenToken(const Uri& parsed) {
    std::vector<CK_FUNCTION_LIST*> modules;
    if (const std::string path = parsed.ModulePath(); !path.empty()) {
      loaded = p11_kit_module_load(path.c_str(), 0);
      if (loaded == nullptr) {
        return Error(ErrorCode::kNotFound, "PKCS#11 token key " + uri +
                                               ": cannot load the module " + path + ": " +
                                               p11_kit_message());
      }
      if (CK_RV rv = p11_kit_module_initialize(loaded); rv != CKR_OK) {
        p11_kit_module_release(loaded);
        loaded = nullptr;
        return TokenError(uri, "cannot initialize the module " + path, rv);
      }
      modules.push_back(loaded);
    } else {
      configured = p11_kit_modules_load_and_initialize(0);
      if (configured == nullptr) {
        return Error(ErrorCode::kNotFound,
                     "PKCS#11 token key " + uri +
                         ": cannot load the configured modules: " + p11_kit_message(),
                     "name the module in the URI: ?module-path=/path/to/module.so");
      }
      for (CK_FUNCTION_LIST** m = configured; *m != nullptr; ++m) modules.push_back(*m);
    }
    CK_SLOT_ID slot = 0;
    int found = 0;
    for (CK_FUNCTION_LIST* candidate : modules) {
      CK_ULONG count = 0;
      if (candidate->C_GetSlotList(CK_TRUE, nullptr, &count) != CKR_OK || count == 0) continue;
      std::vector<CK_SLOT_ID> slots(count);
      if (candidate->C_GetSlotList(CK_TRUE, slots.data(), &count) != CKR_OK) continue;
      for (CK_ULONG i = 0; i < count; ++i) {
        CK_TOKEN_INFO info{};
        if (candidate->C_GetTokenInfo(slots[i], &info) != CKR_OK) continue;
        if (p11_kit_uri_match_token_info(parsed.get(), &info) != 1) continue;
        if (++found == 1) {
          module = candidate;
          slot = slots[i];
        }
      }
    }
    if (found == 0) {
      return Error(ErrorCode::kNotFound, "PKCS#11 token key " + uri + ": no such token",
                   "list the tokens: p11tool --list-tokens (or softhsm2-util --show-slots)");
    }
    if (found > 1) {
      return Error(
          ErrorCode::kInvalidInput,
          "PKCS#11 token key " + uri + ": the URI matches " + std::to_string(found) + " tokens",
          "add the token's serial= to the URI");
    }
    if (CK_RV rv = module->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr,
                                         nullptr, &handle);
        rv != CKR_OK) {
      handle = CK_INVALID_HANDLE;
      return TokenError(uri, "cannot open a session", rv);
    }
    return Ok();
  }

  Status Login(const SecretBytes& pin) {
    auto text = pin.reveal();
    CK_RV rv = module->C_Login(handle, CKU_USER, const_cast<CK_UTF8CHAR*>(text.data()),
                               static_cast<CK_ULONG>(text.size()));
    if (rv == CKR_USER_ALREADY_LOGGED_IN) return Ok();
    if (rv != CKR_OK) return TokenError(uri, "login refused", rv);
    logged_in = true;
    return Ok();
  }

  // The objects of `object_class` that the URI's label and id name (at most 2 looked for).
  Result<std::vector<CK_OBJECT_HANDLE>> Find(const Uri& parsed, CK_OBJECT_CLASS object_class) {
    CK_KEY_TYPE key_type = CKK_EC_EDWARDS;
    std::vector<CK_ATTRIBUTE> search = {
        {CKA_CLASS, &object_class, sizeof object_class},
        {CKA_KEY_TYPE, &key_type, sizeof key_type},
    };
    for (CK_ATTRIBUTE_TYPE type : {CKA_LABEL, CKA_ID}) {
      if (const CK_ATTRIBUTE* named = parsed.Attribute(type)) search.push_back(*named);
    }
    if (CK_RV rv =
            module->C_FindObjectsInit(handle, search.data(), static_cast<CK_ULONG>(search.size()));
        rv != CKR_OK) {
      return TokenError(uri, "cannot search the token", rv);
    }
    std::vector<CK_OBJECT_HANDLE> objects(2);
    CK_ULONG count = 0;
    CK_RV rv = module->C_FindObjects(handle, objects.data(), 2, &count);
    module->C_FindObjectsFinal(handle);
    if (rv != CKR_OK) return TokenError(uri, "cannot search the token", rv);
    objects.resize(count);
    return objects;
  }

  Result<Bytes> Read(CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type) {
    CK_ATTRIBUTE attribute{type, nullptr, 0};
    if (CK_RV rv = module->C_GetAttributeValue(handle, object, &attribute, 1); rv != CKR_OK) {
      return TokenError(uri, "cannot read the key's public half", rv);
    }
    Bytes value(attribute.ulValueLen);
    attribute.pValue = value.data();
    if (CK_RV rv = module->C_GetAttributeValue(handle, object, &attribute, 1); rv != CKR_OK) {
      return TokenError(uri, "cannot read the key's public half", rv);
    }
    value.resize(attribute.ulValueLen);
    return value;
  }

  // CKA_EC_POINT of an Ed25519 key: the 32 bytes, as a DER OCTET STRING (PKCS#11 3.0) or raw
  // (as some tokens return them).
  Result<Ed25519PublicKey> PublicKeyOf(CK_OBJECT_HANDLE object) {
    FRLIC_ASSIGN_OR_RETURN(Bytes point, Read(object, CKA_EC_POINT));
    if (point.size() == 34 && point[0] == 0x04 && point[1] == 0x20) {
      point.erase(point.begin(), point.begin() + 2);
    }
    auto key = Ed25519PublicKey::FromBytes(point);
    if (!key.ok()) {
      return Error(ErrorCode::kMalformed, "PKCS#11 token key " + uri +
                                              ": its CKA_EC_POINT is not an Ed25519 public key (" +
                                              std::to_string(point.size()) + " bytes)");
    }
    return key;
  }

  Status FindKey(const Uri& parsed) {
    FRLIC_ASSIGN_OR_RETURN(auto privates, Find(parsed, CKO_PRIVATE_KEY));
    if (privates.empty()) {
      return Error(ErrorCode::kNotFound,
                   "PKCS#11 token key " + uri +
                       ": the token holds no Ed25519 private key the "
                       "URI names",
                   "create one with: frlic keygen --pkcs11 URI --create-token-key");
    }
    if (privates.size() > 1) {
      return Error(ErrorCode::kInvalidInput,
                   "PKCS#11 token key " + uri + ": the URI names several Ed25519 private keys",
                   "name one key: add id= to the URI");
    }
    private_key = privates[0];
    // Its public half: the one public key object that the URI's names and the private key's
    // CKA_ID (where it has one) select, else the private object's own CKA_EC_POINT where the
    // token keeps it there. Two candidates are refused: a wrong public half would fail every
    // signature's check, or worse, be listed as the key that signs.
    FRLIC_ASSIGN_OR_RETURN(Bytes id, Read(private_key, CKA_ID));
    CK_OBJECT_CLASS public_class = CKO_PUBLIC_KEY;
    CK_KEY_TYPE key_type = CKK_EC_EDWARDS;
    std::vector<CK_ATTRIBUTE> search = {{CKA_CLASS, &public_class, sizeof public_class},
                                        {CKA_KEY_TYPE, &key_type, sizeof key_type}};
    if (const CK_ATTRIBUTE* label = parsed.Attribute(CKA_LABEL)) search.push_back(*label);
    if (!id.empty()) search.push_back({CKA_ID, id.data(), static_cast<CK_ULONG>(id.size())});
    if (CK_RV rv =
            module->C_FindObjectsInit(handle, search.data(), static_cast<CK_ULONG>(search.size()));
        rv != CKR_OK) {
      return TokenError(uri, "cannot search the token", rv);
    }
    CK_OBJECT_HANDLE publics[2] = {CK_INVALID_HANDLE, CK_INVALID_HANDLE};
    CK_ULONG count = 0;
    CK_RV rv = module->C_FindObjects(handle, publics, 2, &count);
    module->C_FindObjectsFinal(handle);
    if (rv != CKR_OK) return TokenError(uri, "cannot search the token", rv);
    if (count > 1) {
      return Error(ErrorCode::kInvalidInput,
                   "PKCS#11 token key " + uri +
                       ": several public keys match the private key; which one is its half "
                       "cannot be told",
                   "give the key pair its own CKA_ID and name it with id= in the URI");
    }
    FRLIC_ASSIGN_OR_RETURN(Ed25519PublicKey key,
                           PublicKeyOf(count == 1 ? publics[0] : private_key));
    public_key = key;
    return Ok();
  }
};

TokenKey::TokenKey(std::unique_ptr<Session> session) : session_(std::move(session)) {}
TokenKey::~TokenKey() = default;

const Ed25519PublicKey& TokenKey::public_key() const { return *session_->public_key; }

Result<std::unique_ptr<TokenKey>> TokenKey::Open(const std::string& uri, const SecretBytes& pin) {
  FRLIC_RETURN_IF_ERROR(CheckTokenKeyUri(uri));
  FRLIC_ASSIGN_OR_RETURN(Uri parsed, Uri::Parse(uri));
  auto session = std::make_unique<Session>();
  session->uri = uri;
  FRLIC_RETURN_IF_ERROR(session->OpenToken(parsed));
  FRLIC_RETURN_IF_ERROR(session->Login(pin));
  FRLIC_RETURN_IF_ERROR(session->FindKey(parsed));
  return std::unique_ptr<TokenKey>(new TokenKey(std::move(session)));
}

Result<std::unique_ptr<TokenKey>> TokenKey::Generate(const std::string& uri,
                                                     const SecretBytes& pin) {
  FRLIC_RETURN_IF_ERROR(CheckTokenKeyUri(uri));
  FRLIC_ASSIGN_OR_RETURN(Uri parsed, Uri::Parse(uri));
  {
    Session session;
    session.uri = uri;
    FRLIC_RETURN_IF_ERROR(session.OpenToken(parsed));
    FRLIC_RETURN_IF_ERROR(session.Login(pin));
    for (CK_OBJECT_CLASS object_class : {CKO_PRIVATE_KEY, CKO_PUBLIC_KEY}) {
      FRLIC_ASSIGN_OR_RETURN(auto existing, session.Find(parsed, object_class));
      if (!existing.empty()) {
        return Error(ErrorCode::kConflict,
                     "PKCS#11 token key " + uri + ": the token already holds a key the URI names",
                     "adopt it (frlic keygen --pkcs11 URI without --create-token-key) or name "
                     "a new key with another object=");
      }
    }
    CK_BBOOL yes = CK_TRUE;
    CK_BBOOL no = CK_FALSE;
    std::vector<CK_ATTRIBUTE> public_template = {
        {CKA_TOKEN, &yes, sizeof yes},
        {CKA_VERIFY, &yes, sizeof yes},
        {CKA_EC_PARAMS, const_cast<std::uint8_t*>(kEd25519Params), sizeof kEd25519Params},
    };
    std::vector<CK_ATTRIBUTE> private_template = {
        {CKA_TOKEN, &yes, sizeof yes},     {CKA_PRIVATE, &yes, sizeof yes},
        {CKA_SENSITIVE, &yes, sizeof yes}, {CKA_EXTRACTABLE, &no, sizeof no},
        {CKA_SIGN, &yes, sizeof yes},      {CKA_DECRYPT, &no, sizeof no},
        {CKA_DERIVE, &no, sizeof no},      {CKA_UNWRAP, &no, sizeof no},
    };
    for (CK_ATTRIBUTE_TYPE type : {CKA_LABEL, CKA_ID}) {
      if (const CK_ATTRIBUTE* named = parsed.Attribute(type)) {
        public_template.push_back(*named);
        private_template.push_back(*named);
      }
    }
    CK_MECHANISM mechanism{CKM_EC_EDWARDS_KEY_PAIR_GEN, nullptr, 0};
    CK_OBJECT_HANDLE public_key = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE private_key = CK_INVALID_HANDLE;
    if (CK_RV rv = session.module->C_GenerateKeyPair(
            session.handle, &mechanism, public_template.data(),
            static_cast<CK_ULONG>(public_template.size()), private_template.data(),
            static_cast<CK_ULONG>(private_template.size()), &public_key, &private_key);
        rv != CKR_OK) {
      return TokenError(uri, "cannot create an Ed25519 key pair", rv);
    }
  }
  return Open(uri, pin);
}

Result<Bytes> TokenKey::Sign(ByteView message) const {
  FRLIC_ASSIGN_OR_RETURN(Bytes signature, SignUnchecked(message));
  // What the token returned is checked as a customer's product will check it.
  if (!VerifyEd25519(*session_->public_key, message, signature)) {
    return Error(ErrorCode::kInternal, "PKCS#11 token key " + session_->uri +
                                           ": the token's signature does not verify with its "
                                           "public key");
  }
  return signature;
}

Result<Bytes> TokenKey::SignUnchecked(ByteView message) const {
  Session& session = *session_;
  Bytes signature(kEd25519SignatureSize);
  {
    std::lock_guard<std::mutex> held(session.lock);
    CK_MECHANISM mechanism{CKM_EDDSA, nullptr, 0};
    if (CK_RV rv = session.module->C_SignInit(session.handle, &mechanism, session.private_key);
        rv != CKR_OK) {
      return TokenError(session.uri, "cannot start a signature", rv);
    }
    CK_ULONG length = static_cast<CK_ULONG>(signature.size());
    if (CK_RV rv = session.module->C_Sign(session.handle, const_cast<std::uint8_t*>(message.data()),
                                          static_cast<CK_ULONG>(message.size()), signature.data(),
                                          &length);
        rv != CKR_OK) {
      return TokenError(session.uri, "the token did not sign", rv);
    }
    signature.resize(length);
  }
  return signature;
}

}  // namespace frlic
