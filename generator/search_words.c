/* The words of a search page that a query may use besides the products'
 * own: star levels, groups, synonyms; from the theme's words. */
#include "search_words.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The word key of language lang, when lang has it itself. */
static const char *own_word(const struct theme *th, size_t lang,
			    const char *key)
{
	const char *from;
	const char *w = theme_word_from(th, lang, key, &from);
	return w && !from ? w : NULL;
}

/* Appends to array the items of list, split at sep, trimmed, the empty
 * ones left out. */
static void add_items(cJSON *array, const char *list, char sep)
{
	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, sep);
		if (!end)
			end = p + strlen(p);
		const char *a = p, *b = end;
		while (a < b && (*a == ' ' || *a == '\t' || *a == '\n'))
			a++;
		while (b > a &&
		       (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\n'))
			b--;
		if (b > a) {
			char *item = xmalloc((size_t)(b - a) + 1);
			memcpy(item, a, (size_t)(b - a));
			item[b - a] = '\0';
			cJSON_AddItemToArray(array, cJSON_CreateString(item));
			free(item);
		}
		p = *end ? end + 1 : end;
	}
}

/* Appends to array an array per set of list: sets split at ';', their
 * items at ','. */
static void add_sets(cJSON *array, const char *list)
{
	cJSON *sets = cJSON_CreateArray();
	add_items(sets, list, ';');
	const cJSON *set;
	cJSON_ArrayForEach(set, sets)
	{
		cJSON *items = cJSON_CreateArray();
		add_items(items, set->valuestring, ',');
		if (cJSON_GetArraySize(items))
			cJSON_AddItemToArray(array, items);
		else
			cJSON_Delete(items);
	}
	cJSON_Delete(sets);
}

/* "3: ba; 4: bốn, tư" as {"3": ["ba"], "4": ["bốn", "tư"]}. */
static void add_numbers(cJSON *numbers, const char *list)
{
	cJSON *sets = cJSON_CreateArray();
	add_sets(sets, list);
	cJSON *set;
	cJSON_ArrayForEach(set, sets)
	{
		const char *first = cJSON_GetArrayItem(set, 0)->valuestring;
		const char *colon = strchr(first, ':');
		if (!colon || colon == first || colon - first > 2)
			continue;
		char n[3] = {0};
		memcpy(n, first, (size_t)(colon - first));
		cJSON *words = cJSON_GetObjectItemCaseSensitive(numbers, n);
		if (!words)
			words = cJSON_AddArrayToObject(numbers, n);
		add_items(words, colon + 1, '\0');
		for (int i = 1; i < cJSON_GetArraySize(set); i++)
			cJSON_AddItemToArray(
				words,
				cJSON_CreateString(cJSON_GetArrayItem(set, i)
							   ->valuestring));
	}
	cJSON_Delete(sets);
}

char *search_words_json(const struct model *m, const struct theme *th,
			size_t lang)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		die_oom();
	add_items(cJSON_AddArrayToObject(o, "stars"),
		  own_word(th, lang, "search_stars"), ',');
	add_numbers(cJSON_AddObjectToObject(o, "numbers"),
		    own_word(th, lang, "search_numbers"));
	cJSON *groups = cJSON_AddArrayToObject(o, "groups");
	for (size_t g = 0; g < m->site.ngroups; g++) {
		const struct place *p = &m->site.groups[g];
		cJSON *names = cJSON_CreateArray();
		cJSON_AddItemToArray(names, cJSON_CreateString(p->id));
		if (!p->name_from[lang])
			cJSON_AddItemToArray(names,
					     cJSON_CreateString(ltext_get(
						     &p->name, lang, NULL)));
		char key[128];
		snprintf(key, sizeof(key), "search_group_%s", p->id);
		add_items(names, own_word(th, lang, key), ',');
		cJSON_AddItemToArray(groups, names);
	}
	add_sets(cJSON_AddArrayToObject(o, "synonyms"),
		 own_word(th, lang, "search_synonyms"));
	add_items(cJSON_AddArrayToObject(o, "optional"),
		  own_word(th, lang, "search_optional"), ',');
	char *json = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!json)
		die_oom();
	return json;
}

const char **search_words_chips(const struct theme *th, size_t lang,
				struct arena *a, size_t *n)
{
	cJSON *items = cJSON_CreateArray();
	add_items(items, own_word(th, lang, "search_chips"), ';');
	*n = (size_t)cJSON_GetArraySize(items);
	const char **chips = arena_alloc(a, (*n + 1) * sizeof(*chips));
	size_t i = 0;
	const cJSON *item;
	cJSON_ArrayForEach(item, items)
	{
		chips[i++] = arena_strdup(a, item->valuestring);
	}
	cJSON_Delete(items);
	return chips;
}
