#include "config.h"
#include "test-card.h"
void test_codec_register (void) {}
void test_reader_register (void) {}
void test_monitor_register (void) {}
void test_tool_card_register (void) {}
