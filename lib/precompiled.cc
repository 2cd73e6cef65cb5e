// The translation unit that builds the library's shared precompiled header (lib/CMakeLists.txt):
// nlohmann/json and the standard headers most modules include, parsed once per build instead of
// once per file.
