// Compiled by the spelling_density_* tests (tests/core/CMakeLists.txt), not
// built into any binary: DENSE must compile, every other case must not.
#include "core/spelling.hpp"

enum class E { a, b, c };

#if defined(DENSE)
constexpr auto kTable = samlh::core::spellings<E>({{E::a, "a"}, {E::b, "b"}, {E::c, "c"}});
#elif defined(MISSING_ENUMERATOR)
constexpr auto kTable = samlh::core::spellings<E>({{E::a, "a"}, {E::b, "b"}});
#elif defined(SPELLED_TWICE)
constexpr auto kTable = samlh::core::spellings<E>({{E::a, "a"}, {E::b, "a"}, {E::c, "c"}});
#elif defined(OUT_OF_ORDER)
constexpr auto kTable = samlh::core::spellings<E>({{E::b, "b"}, {E::a, "a"}, {E::c, "c"}});
#elif defined(EMPTY_SPELLING)
constexpr auto kTable = samlh::core::spellings<E>({{E::a, "a"}, {E::b, ""}, {E::c, "c"}});
#endif

int main() { return static_cast<int>(kTable.size()) - 3; }
