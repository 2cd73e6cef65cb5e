// frlic lint ORDER...: validate orders without signing (the check CI runs on a pull request).
// Exit 3 when orders have problems; an order that cannot be read at all (missing, unreadable)
// gives that error's code instead. Warnings (an ip_ranges entry outside the private blocks)
// are shown and leave the exit code alone, unless --strict-private-ips makes them problems.
#include <iostream>

#include "cli.h"
#include "frlic/order/order.h"

namespace frlic::cli {

void AddLint(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto* command = app.add_subcommand("lint", "Validate order files without signing anything");
  auto orders = std::make_shared<std::vector<std::string>>();
  command->add_option("orders", *orders, "order.yaml files")->required();
  auto strict = std::make_shared<bool>(false);
  command->add_flag("--strict-private-ips", *strict,
                    "An ip_ranges entry outside the private ranges is an error, not a warning");
  AddJsonFlag(command, options);
  commands.push_back({command, [&options, orders, strict]() {
                        nlohmann::ordered_json results = nlohmann::ordered_json::array();
                        std::vector<Problem> all_problems;
                        int failed = 0;
                        // 3 when every failed order was read and has problems; else the code
                        // of the first order that could not be read (docs/cli.md, "Bad input").
                        ErrorCode failure = ErrorCode::kInvalidInput;
                        for (const auto& path : *orders) {
                          auto order = Order::Load(path);
                          if (order.ok() && *strict && !order->warnings().empty()) {
                            order = Error(ErrorCode::kInvalidInput,
                                          path + ": " + std::to_string(order->warnings().size()) +
                                              " address(es) outside the private ranges "
                                              "(--strict-private-ips)",
                                          order->warnings());
                          }
                          nlohmann::ordered_json item;
                          item["file"] = path;
                          item["ok"] = order.ok();
                          if (order.ok()) {
                            item["order_id"] = order->order_id();
                            item["method"] = MethodName(order->method());
                            item["warnings"] = ProblemsToJson(order->warnings());
                            if (!options.json) {
                              std::cout << path << ": ok (" << order->order_id() << ", "
                                        << MethodName(order->method())
                                        << (order->warnings().empty() ? "" : ", with warnings")
                                        << ")\n";
                              for (const auto& w : order->warnings())
                                std::cerr << "frlic: warning: " << FormatProblem(w) << "\n";
                            }
                          } else {
                            ++failed;
                            const Error& error = order.error();
                            if (failure == ErrorCode::kInvalidInput) failure = error.code();
                            item["message"] = error.message();
                            item["problems"] = ProblemsToJson(error.problems());
                            if (!options.json) {
                              std::cerr << "frlic: error: " << error.message() << "\n";
                              for (const auto& p : error.problems())
                                std::cerr << "  " << FormatProblem(p) << "\n";
                            }
                            all_problems.insert(all_problems.end(), error.problems().begin(),
                                                error.problems().end());
                          }
                          results.push_back(std::move(item));
                        }
                        if (options.json) {
                          nlohmann::ordered_json out;
                          out["ok"] = failed == 0;
                          out["files"] = results;
                          std::cout << out.dump(2) << "\n";
                        }
                        if (failed == 0) return kExitOk;
                        if (!options.json) {
                          std::cerr << "frlic: " << failed << " of " << orders->size()
                                    << " order file(s) have " << all_problems.size()
                                    << " problem(s)\n";
                        }
                        return ExitCodeFor(failure);
                      }});
}

}  // namespace frlic::cli
