/* SPDX-License-Identifier: ISC */
/*
 * Without libFuzzer, a fuzz target is linked with this main(): it feeds
 * every file of tests/fuzz/corpus/<target>/ to LLVMFuzzerTestOneInput, so
 * make check replays the corpus (under the sanitizers when enabled).
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
replay_file(const char *path)
{
	FILE *fp;
	uint8_t *buf;
	long len;
	size_t n;

	if ((fp = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fseek(fp, 0, SEEK_END) != 0 || (len = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		fclose(fp);
		return -1;
	}
	/* An empty input is valid: pass a non-NULL one-byte buffer, size 0. */
	if ((buf = malloc((size_t)len + 1)) == NULL) {
		fclose(fp);
		return -1;
	}
	n = fread(buf, 1, (size_t)len, fp);
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

int
main(int argc, char *argv[])
{
	const char *corpus = getenv("FUZZ_CORPUS");
	const char *name = strrchr(argv[0], '/');
	char dir[4096], path[8192];
	struct dirent *de;
	struct stat sb;
	DIR *dp;
	int count = 0;

	name = name ? name + 1 : argv[0];
	if (strncmp(name, "fuzz_", 5) == 0)
		name += 5;
	if (argc > 1)
		snprintf(dir, sizeof(dir), "%s", argv[1]);
	else
		snprintf(dir, sizeof(dir), "%s/%s",
		    corpus ? corpus : "tests/fuzz/corpus", name);
	if ((dp = opendir(dir)) == NULL) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return 1;
	}
	while ((de = readdir(dp)) != NULL) {
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &sb) == -1 || !S_ISREG(sb.st_mode))
			continue;
		if (replay_file(path) == -1) {
			closedir(dp);
			return 1;
		}
		count++;
	}
	closedir(dp);
	if (count == 0) {
		fprintf(stderr, "%s: empty corpus\n", dir);
		return 1;
	}
	printf("%s: replayed %d inputs\n", name, count);
	return 0;
}
