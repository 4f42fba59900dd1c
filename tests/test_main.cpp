// Shared GoogleTest main: one LibraryGuard for the whole process.
#include <gtest/gtest.h>

#include "core/init.hpp"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  samlh::core::LibraryGuard guard;
  return RUN_ALL_TESTS();
}
