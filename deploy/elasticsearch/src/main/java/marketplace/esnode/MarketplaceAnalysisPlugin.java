package marketplace.esnode;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchMinimalStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.PreConfiguredTokenFilter;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.tartarus.snowball.ext.FrenchStemmer;

/**
 * The token filters of the marketplace's search mapping that the Elasticsearch
 * server jar lacks (in a full distribution they come from the analysis-common
 * module, which is not published on Maven Central).
 *
 * <p>Names and parameters are those of analysis-common, so one mapping works on
 * this test/dev node and on a production Elasticsearch:
 * <ul>
 *   <li>{@code asciifolding} ({@code preserve_original}, default false)</li>
 *   <li>{@code elision} ({@code articles} or {@code articles_path}, {@code articles_case})</li>
 *   <li>{@code stemmer} ({@code language}: light_french, minimal_french, french,
 *       english/porter; default porter)</li>
 *   <li>{@code edge_ngram} ({@code min_gram} default 1, {@code max_gram} default 2,
 *       {@code preserve_original} default false)</li>
 * </ul>
 * Used by bare name (in an analyzer's filter list, not defined in the index
 * settings) they behave as analysis-common's pre-configured filters: elision
 * removes the French articles, edge_ngram keeps only the first letter,
 * stemmer is Porter's English one.
 * The rest of the chain ({@code standard} tokenizer, {@code lowercase}, and
 * {@code stop} with {@code _french_}) is already in the server jar.
 * Everything here is a thin wrapper over Lucene's own filters.
 */
public class MarketplaceAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "asciifolding", AsciiFolding::new,
            // As in analysis-common: a custom "elision" must name its articles.
            "elision", AnalysisPlugin.requiresAnalysisSettings(Elision::new),
            "stemmer", Stemmer::new,
            "edge_ngram", EdgeNGram::new
        );
    }

    @Override
    public List<PreConfiguredTokenFilter> getPreConfiguredTokenFilters() {
        // The same names used bare (no settings), with analysis-common's defaults.
        return List.of(
            PreConfiguredTokenFilter.singleton("asciifolding", true, ASCIIFoldingFilter::new),
            PreConfiguredTokenFilter.singleton(
                "elision", true, in -> new ElisionFilter(in, FrenchAnalyzer.DEFAULT_ARTICLES)
            ),
            PreConfiguredTokenFilter.singleton("stemmer", false, PorterStemFilter::new),
            // Bare "edge_ngram" keeps the first letter only (a defined one: 1 to 2).
            PreConfiguredTokenFilter.singleton("edge_ngram", false, false, in -> new EdgeNGramTokenFilter(in, 1))
        );
    }

    /** Folds accents and other non-ASCII letters: "Écharpe" becomes "Echarpe". */
    static final class AsciiFolding extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final boolean preserveOriginal;

        AsciiFolding(IndexSettings index, Environment env, String name, Settings settings) {
            super(name, settings);
            preserveOriginal = settings.getAsBoolean("preserve_original", false);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new ASCIIFoldingFilter(in, preserveOriginal);
        }

        @Override
        public TokenStream normalize(TokenStream in) {
            // Normalizers (keyword fields, query terms) keep one token only.
            return new ASCIIFoldingFilter(in, false);
        }
    }

    /** Strips elided articles: "l'écharpe" becomes "écharpe". */
    static final class Elision extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final org.apache.lucene.analysis.CharArraySet articles;

        Elision(IndexSettings index, Environment env, String name, Settings settings) {
            super(name, settings);
            // Reads "articles" / "articles_path" and honours "articles_case".
            articles = Analysis.parseArticles(env, settings);
            if (articles == null) {
                throw new IllegalArgumentException("elision filter requires [articles] or [articles_path] setting");
            }
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new ElisionFilter(in, articles);
        }
    }

    /** Language stemmers; the marketplace uses light_french. */
    static final class Stemmer extends AbstractTokenFilterFactory {
        private static final Set<String> LANGUAGES = Set.of(
            "light_french", "minimal_french", "french", "english", "porter"
        );
        private final String language;

        Stemmer(IndexSettings index, Environment env, String name, Settings settings) {
            super(name, settings);
            language = settings.get("language", settings.get("name", "porter"));
            if (LANGUAGES.contains(language) == false) {
                throw new IllegalArgumentException(
                    "stemmer language [" + language + "] is not available on this test/dev node; known: " + LANGUAGES
                );
            }
        }

        @Override
        public TokenStream create(TokenStream in) {
            return switch (language) {
                case "light_french" -> new FrenchLightStemFilter(in);
                case "minimal_french" -> new FrenchMinimalStemFilter(in);
                case "french" -> new SnowballFilter(in, new FrenchStemmer());
                default -> new PorterStemFilter(in);
            };
        }
    }

    /** Prefixes of each token, for search-as-you-type: "echarp" gives "ec", "ech", ... */
    static final class EdgeNGram extends AbstractTokenFilterFactory {
        private final int minGram;
        private final int maxGram;
        private final boolean preserveOriginal;

        EdgeNGram(IndexSettings index, Environment env, String name, Settings settings) {
            super(name, settings);
            minGram = settings.getAsInt("min_gram", 1);
            maxGram = settings.getAsInt("max_gram", 2);
            preserveOriginal = settings.getAsBoolean("preserve_original", false);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new EdgeNGramTokenFilter(in, minGram, maxGram, preserveOriginal);
        }
    }
}
