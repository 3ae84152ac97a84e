/**
 * Texts on which a quantised graph is checked against the exact one when a caller gives none:
 * everyday and technical English of varied length, numbers, names, a list, a question, a
 * little French and German, so that rare tokens and long rows (where quantisation error
 * accumulates over more tokens) are covered as well as short plain sentences.
 */
export const AGREEMENT_SAMPLE_TEXTS: readonly string[] = [
  "A man is playing a guitar on the street.",
  "Two dogs are running through a field of tall grass.",
  "The stock market fell sharply after the central bank raised interest rates by half a point.",
  "How do I reset my password if I no longer have access to the email address on my account?",
  "Yes.",
  "Invoice #4471 is due on 15 March 2024; the total is €1,284.50 including VAT.",
  "The patient was given 5 mg of the drug twice a day and reported no side effects after two weeks.",
  "Kubernetes restarts a pod when its liveness probe fails three times in a row.",
  "She sold her old bicycle and bought a train ticket to the coast.",
  "Error: ENOENT: no such file or directory, open '/var/lib/app/config.json'",
  "The committee will meet on Thursday to review the budget, the hiring plan and the new office lease.",
  "Photosynthesis converts light energy into chemical energy stored in glucose.",
  "Le chat dort sur le canapé depuis ce matin.",
  "Der Zug nach Berlin hat zwanzig Minuten Verspätung.",
  "Ingredients: flour, sugar, three eggs, butter, a pinch of salt and vanilla.",
  "A woman is slicing an onion in a small kitchen.",
  "The defendant pleaded not guilty to all charges and was released on bail pending trial.",
  "Search results should rank documents by relevance, not by the date they were uploaded.",
  "Q3 revenue grew 12% year over year, driven mostly by subscriptions in Europe and Asia.",
  "The quick brown fox jumps over the lazy dog.",
  "Children were playing football in the park until it started to rain.",
  "To install the package, run the installer as an administrator and restart the machine.",
  "Volcanic ash closed three airports and stranded thousands of travellers over the weekend.",
  "What is the difference between a virus and a bacterium?",
  "The museum's new wing houses a collection of nineteenth-century landscape paintings, sculptures and letters donated by the artist's family.",
  "Battery life: about 14 hours of video playback, or 20 hours of audio.",
  "He apologised for the delay and promised to send the report by Friday.",
  "Rivers in the region flooded after a week of heavy rain, and hundreds of homes were evacuated.",
  "The function returns null when the key is missing instead of throwing an exception.",
  "A cat is sitting on a windowsill watching the birds outside.",
  "Onboarding checklist: laptop, badge, email account, VPN access, and a meeting with the team lead.",
  "The treaty was signed in 1648 and ended thirty years of war in central Europe.",
];
