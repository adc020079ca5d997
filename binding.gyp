# The node-gyp build of the native addon: the fallback scripts/install.mjs runs on a user's machine
# when no prebuild or local build exists. CMakeLists.txt is the main build; both take their sources,
# definitions, flags and NVIDIA header directories from native/build-config.mjs. The AVX2 and
# AVX-512 kernels need their own flags, which node-gyp only gives per target: each is a static
# library linked into the addon (x64 only). The NEON kernel needs no flags: on arm64 it is one more
# source of the addon.
{
  "variables": {
    "node_curand_cflags": ["-std=c++17", "-Wall", "-Wextra", "-fno-exceptions", "-fvisibility=hidden", "-fPIC"]
  },
  "targets": [
    {
      "target_name": "node_curand",
      "sources": ["<!@(node native/build-config.mjs sources)"],
      "defines": ["<!@(node native/build-config.mjs defines)"],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!@(node native/build-config.mjs include-dirs)"
      ],
      "libraries": ["-ldl"],
      "cflags_cc": ["<@(node_curand_cflags)", "<!@(node native/build-config.mjs cflags)"],
      "conditions": [
        ["target_arch=='x64'", {"dependencies": ["node_curand_avx2", "node_curand_avx512"]}],
        ["target_arch=='arm64'", {"sources": ["<!@(node native/build-config.mjs isa-sources neon arm64)"]}]
      ]
    }
  ],
  "conditions": [
    [
      "target_arch=='x64'",
      {
        "targets": [
          {
            "target_name": "node_curand_avx2",
            "type": "static_library",
            "sources": ["<!@(node native/build-config.mjs isa-sources avx2)"],
            "cflags_cc": ["<@(node_curand_cflags)", "<!@(node native/build-config.mjs cflags)", "<!@(node native/build-config.mjs isa-flags avx2)"]
          },
          {
            "target_name": "node_curand_avx512",
            "type": "static_library",
            "sources": ["<!@(node native/build-config.mjs isa-sources avx512)"],
            "cflags_cc": ["<@(node_curand_cflags)", "<!@(node native/build-config.mjs cflags)", "<!@(node native/build-config.mjs isa-flags avx512)"]
          }
        ]
      }
    ]
  ]
}
