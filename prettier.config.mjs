/** Formatting only (ESLint checks the rest): today's style, long lines wrapped at 140. */
const config = {
  printWidth: 140,
  singleQuote: true,
  plugins: ['prettier-plugin-tailwindcss'],
  // Tailwind v4: the plugin reads the theme from our stylesheet to sort class names.
  tailwindStylesheet: './app/globals.css',
};

export default config;
