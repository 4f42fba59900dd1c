// Test helper for durability_test.cpp: opens the store at argv[1] and, from
// the number argv[2] on, commits one numbered write per transaction (an
// audit record and a member row, so a torn multi-table write would show),
// printing each number only after its COMMIT returned. Runs until killed.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sp/store/store.hpp"

int main(int argc, char** argv) {
  using namespace samlh;
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <db> <first-number>\n", argv[0]);
    return 2;
  }
  auto opened = sp::Store::open(argv[1]);
  if (!opened.ok()) {
    std::fprintf(stderr, "open: %s\n", opened.failure().detail.c_str());
    return 1;
  }
  auto store = std::move(opened).value();
  const core::Instant t{core::Millis{1'772'366'400'000}};  // fixed: time is not under test here
  sp::OrgId org = 0;
  {
    auto db = store->lock();
    auto tx = db->transaction();
    if (auto o = db->org_by_slug("dur")) {
      org = o->id;
    } else {
      const auto account = db->insert_account(sp::Account{0, "Durability", "owner@dur.test", t});
      org = db->insert_org(sp::Organization{0, account, "dur", "Durability", {}, t});
    }
    tx.commit();
  }
  for (long long n = std::atoll(argv[2]);; ++n) {
    auto db = store->lock();
    auto tx = db->transaction();
    // A stand-in record: only the writer writes records for org "dur".
    sp::AuditRecord rec = sp::AuditEntry(sp::AuditEvent::invite, t).org("dur").note(std::to_string(n)).take();
    db->append_audit(rec);
    // Built with append: GCC 12's -Wrestrict misfires on "n" + to_string(n).
    std::string email("n");
    email.append(std::to_string(n)).append("@dur.test");
    db->upsert_member(sp::Member{org, email, sp::Role::read_only, sp::MemberOrigin::seeded, t, t, std::nullopt});
    tx.commit();
    std::printf("%lld\n", n);
    std::fflush(stdout);
  }
}
