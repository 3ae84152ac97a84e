import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { AppRouterContext, type AppRouterInstance } from "next/dist/shared/lib/app-router-context.shared-runtime";
import { NextIntlClientProvider } from "next-intl";
import { describe, expect, it } from "vitest";
import { CorpusCard } from "@/components/corpora/corpus-card";
import { SiteHeader } from "@/components/layout/site-header";
import { MatchWhy } from "@/components/search/match-why";
import { SearchForm } from "@/components/search/search-form";
import { SimilarityForm } from "@/components/similarity/similarity-form";
import { negotiateLocale } from "@/lib/web/locale";
import en from "@/messages/en.json";
import zh from "@/messages/zh-CN.json";

/** Every key path of a messages object. */
function keys(messages: object, prefix = ""): string[] {
  return Object.entries(messages).flatMap(([k, v]) =>
    typeof v === "object" && v ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

/** A router that does nothing: the header's client parts (language switch, log out) need one mounted. */
const router = {
  push() {},
  replace() {},
  refresh() {},
  back() {},
  forward() {},
  prefetch() {},
} as unknown as AppRouterInstance;

function render(locale: string, messages: object, element: ReturnType<typeof createElement>) {
  const inner = createElement(NextIntlClientProvider, { locale, messages, timeZone: "UTC", children: element });
  return renderToStaticMarkup(createElement(AppRouterContext.Provider, { value: router, children: inner }));
}

function header(locale: string, messages: object, account: { email: string; role: "admin" | "user" } | null) {
  return render(locale, messages, createElement(SiteHeader, { account }));
}

describe("the interface language", () => {
  it("follows the browser's Accept-Language, and the switch's cookie over it", () => {
    expect(negotiateLocale(undefined, "zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(negotiateLocale(undefined, "zh")).toBe("zh-CN");
    expect(negotiateLocale(undefined, "fr-FR,fr;q=0.9,zh-Hans;q=0.8,en;q=0.5")).toBe("zh-CN");
    expect(negotiateLocale(undefined, "en-GB,zh-CN;q=0.5")).toBe("en");
    expect(negotiateLocale(undefined, "zh-TW")).toBe("en");
    expect(negotiateLocale(undefined, null)).toBe("en");
    expect(negotiateLocale("en", "zh-CN")).toBe("en");
    expect(negotiateLocale("zh-CN", "en-US")).toBe("zh-CN");
    expect(negotiateLocale("xx", "zh-CN")).toBe("zh-CN");
  });

  it("has every English message in Simplified Chinese", () => {
    expect(keys(zh).sort()).toEqual(keys(en).sort());
  });

  it("renders the header in Chinese for zh-CN, with the language switch", () => {
    const html = header("zh-CN", zh, { email: "a@example.com", role: "admin" });
    for (const word of ["搜索", "语料库", "探索", "相似度", "任务", "退出登录"]) expect(html).toContain(word);
    expect(html).not.toContain(">Search<");
    expect(html).toContain('data-testid="language-switch"');
    expect(html).toMatch(/<option value="zh-CN" selected="">简体中文<\/option>/);
    expect(header("zh-CN", zh, null)).toContain("登录");
  });

  it("renders the search form and a result's explanation in Chinese", () => {
    const form = render(
      "zh-CN",
      zh,
      createElement(SearchForm, { query: "", corpora: [{ id: 1, name: "教程" }], mode: "hybrid" }),
    );
    for (const word of ["搜索你的文档", "所有语料库", "混合", "语义", "关键词"]) expect(form).toContain(word);
    const why = render(
      "zh-CN",
      zh,
      createElement(MatchWhy, { explanation: { sharedTerms: [], sources: { dense: { rank: 2, score: 0.5 } } } }),
    );
    expect(why).toContain("没有共同的词");
    expect(why).toContain("语义第 2 名");
  });

  it("renders the similarity form in Chinese", () => {
    const html = render(
      "zh-CN",
      zh,
      createElement(SimilarityForm, {
        options: [{ corpusId: 1, corpusName: "教程", modelName: "m", source: "scratch" }],
      }),
    );
    for (const word of ["要比较的文本", "文本 1", "添加文本", "比较文本"]) expect(html).toContain(word);
    expect(html).not.toContain("Compare texts");
  });

  it("renders a corpus card in Chinese", () => {
    const corpus = {
      id: 1,
      name: "教程",
      description: "",
      documentCount: 3,
      passageCount: 12,
      createdAt: 0,
    } as Parameters<typeof CorpusCard>[0]["corpus"];
    const html = render("zh-CN", zh, createElement(CorpusCard, { corpus, ingesting: true }));
    for (const word of ["正在导入", "没有描述", "文档", "段落", "创建于"]) expect(html).toContain(word);
  });

  it("renders it in English otherwise", () => {
    const html = header("en", en, null);
    expect(html).toContain(">Search<");
    expect(html).toContain("Log in");
    expect(html).not.toContain("搜索");
  });
});
