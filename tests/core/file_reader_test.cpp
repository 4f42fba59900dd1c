// core::read_capped: the one file reader of every option and configuration
// file (issue 17 item 5). It stops at the cap whatever the file is.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/file_reader.hpp"

using namespace samlh::core;

namespace {

struct Scratch {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("samlh-file-reader-" + std::to_string(::getpid()));
  Scratch() { std::filesystem::create_directories(dir); }
  ~Scratch() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    const auto p = dir / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
};

}  // namespace

TEST(FileReader, ReadsAFileUpToAndIncludingTheCap) {
  Scratch s;
  const std::string p = s.write("ten.txt", "0123456789");
  auto r = read_capped(p, 10);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "0123456789");
  auto over = read_capped(p, 9);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.reason(), ToolError::file_too_large);
  EXPECT_NE(over.failure().detail.find(p), std::string::npos) << over.failure().detail;
}

TEST(FileReader, ADeviceWithoutEndStopsAtTheCap) {
  // /dev/zero has no size and no end: the reader must stop by itself.
  auto r = read_capped("/dev/zero", kMaxKeyFileBytes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.reason(), ToolError::file_too_large);
  EXPECT_NE(r.failure().detail.find("4 MiB"), std::string::npos) << r.failure().detail;
}

TEST(FileReader, APipeIsReadUnderItsCap) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::thread writer([w = fds[1]] {
    const std::string chunk(1000, 'p');
    for (int i = 0; i < 5; ++i) {
      if (::write(w, chunk.data(), chunk.size()) < 0) break;
    }
    ::close(w);
  });
  auto r = read_capped("/dev/fd/" + std::to_string(fds[0]), 5000);
  writer.join();
  ::close(fds[0]);
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  EXPECT_EQ(r->size(), 5000u);
}

TEST(FileReader, AStreamIsCappedToo) {
  std::istringstream in(std::string(100, 'x'));
  auto r = read_capped(in, "stdin", 99);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.reason(), ToolError::file_too_large);
  EXPECT_NE(r.failure().detail.find("stdin"), std::string::npos);
  std::istringstream small("abc");
  EXPECT_EQ(read_capped(small, "stdin", 99).value(), "abc");
}

// A file that cannot be read is the tool's failure, not a certificate's.
TEST(FileReader, MissingFilesAndDirectoriesAreUnreadable) {
  Scratch s;
  auto missing = read_capped((s.dir / "nope").string(), 10);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.reason(), ToolError::file_unreadable);
  EXPECT_NE(missing.failure().detail.find((s.dir / "nope").string()), std::string::npos);
  auto dir = read_capped(s.dir.string(), 10);
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.reason(), ToolError::file_unreadable);
}

TEST(FileReader, CapsAreStatedInMiB) {
  EXPECT_EQ(cap_text(kMaxKeyFileBytes), "4 MiB");
  EXPECT_EQ(cap_text(kMaxConfigFileBytes), "8 MiB");
  EXPECT_EQ(cap_text(64 * 1024), "64 KiB");
  EXPECT_EQ(cap_text(1000), "1000 bytes");
}
