#include "frlic/order/order.h"

namespace frlic {

const char* MethodName(Method method) {
  switch (method) {
    case Method::kLocalContainer:
      return "local-container";
    case Method::kPrivateCloud:
      return "private-cloud";
    case Method::kContainerPrivateCloud:
      return "container-private-cloud";
    case Method::kPublicCloud:
      return "public-cloud";
  }
  return "local-container";  // unreachable: the enum is closed
}

std::optional<Method> ParseMethod(std::string_view name) {
  for (Method method : {Method::kLocalContainer, Method::kPrivateCloud,
                        Method::kContainerPrivateCloud, Method::kPublicCloud}) {
    if (name == MethodName(method)) return method;
  }
  return std::nullopt;
}

}  // namespace frlic
